import { createCellportTestDatabases } from '@cellport/test-utils';
import knexFactory, { Knex } from 'knex';
import { RowLocks } from './RowLocks';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

describe.each(databases.eachSupportedId())('RowLocks on %p', databaseId => {
  let knex: Knex;
  const pools: Knex[] = [];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.schema.createTable('limits', t => {
      t.string('key').primary();
      t.integer('room').notNullable();
    });
    await knex('limits').insert([{ key: 'a', room: 1 }, { key: 'b', room: 1 }]);
    await knex.schema.createTable('changes', t => {
      t.increments('id');
      t.string('key').notNullable();
    });
  });

  afterAll(async () => {
    await Promise.all(pools.map(p => p.destroy()));
  });

  /** A lock set per replica: two replicas with their own pools on PostgreSQL, one on SQLite. */
  function replicas(): RowLocks[] {
    if (knex.client.dialect !== 'postgresql') return [new RowLocks(knex, { table: 'limits', column: 'key' })];
    const other = knexFactory(knex.client.config);
    pools.push(other);
    return [knex, other].map(k => new RowLocks(k, { table: 'limits', column: 'key' }));
  }

  it('never runs two changes of a key at once, across replicas, overlapping key sets included', async () => {
    const locks = replicas();
    let running = 0;
    let most = 0;
    const keySets = [['a'], ['b', 'a'], ['a', 'b'], ['a', 'unknown']];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        locks[i % locks.length].withLocks(keySets[i % keySets.length], async () => {
          running++;
          most = Math.max(most, running);
          // the change reads and writes through the same pool while the lock is held (not the
          // locked rows themselves: their lock belongs to another connection)
          await knex('limits').where({ key: 'a' }).first();
          await knex('changes').insert({ key: 'a' });
          await new Promise(r => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(Number((await knex('changes').count({ n: '*' }).first())!.n)).toBe(12);
  });

  it('changes of many owners at once do not starve the pool of connections for themselves', async () => {
    const [locks] = replicas();
    const done = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        locks.withLocks([`key-${i}`], async () => {
          await knex('changes').insert({ key: `key-${i}` });
          return (await knex('changes').where({ key: `key-${i}` }).first()).key;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 30 }, (_, i) => `key-${i}`));
  });

  it("gives the change's error back and lets the next change in", async () => {
    const [locks] = replicas();
    await expect(locks.withLocks(['a'], async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    await expect(locks.withLocks(['a'], async () => 'next')).resolves.toBe('next');
    await expect(locks.withLocks([], async () => 'no keys')).resolves.toBe('no keys');
  });
});
