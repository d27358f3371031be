import { Knex } from 'knex';
import { migrateLatest } from './migrateLatest';

function fakeKnex(failures: unknown[]) {
  const latest = jest.fn(async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return [1, []];
  });
  return { knex: { migrate: { latest } } as unknown as Knex, latest };
}

describe('migrateLatest', () => {
  it('tries once more when another replica created the migrations tables first', async () => {
    const race = Object.assign(
      new Error('create table "x_knex_migrations_lock" - relation "x_knex_migrations_lock" already exists'),
      { code: '42P07' },
    );
    const { knex, latest } = fakeKnex([race]);
    await migrateLatest(knex, { tableName: 'x_knex_migrations' });
    expect(latest).toHaveBeenCalledTimes(2);
    expect(latest).toHaveBeenLastCalledWith({ tableName: 'x_knex_migrations' });
  });

  it('tries once more when both replicas created the migrations table at the same moment (PostgreSQL)', async () => {
    const race = Object.assign(
      new Error('duplicate key value violates unique constraint "pg_type_typname_nsp_index"'),
      { code: '23505', constraint: 'pg_type_typname_nsp_index' },
    );
    const { knex, latest } = fakeKnex([race]);
    await migrateLatest(knex, { tableName: 'x_knex_migrations' });
    expect(latest).toHaveBeenCalledTimes(2);
    const other = Object.assign(new Error('duplicate key value'), { code: '23505', constraint: 'x_pkey' });
    await expect(migrateLatest(fakeKnex([other]).knex, {})).rejects.toThrow('duplicate key value');
  });

  it('passes every other failure on, and a race lost every time', async () => {
    const { knex } = fakeKnex([new Error('connection refused')]);
    await expect(migrateLatest(knex, {})).rejects.toThrow('connection refused');
    const race = Object.assign(new Error('already exists'), { code: '42P07' });
    const again = fakeKnex([race, race, race]);
    await expect(migrateLatest(again.knex, {}, { attempts: 3 })).rejects.toThrow('already exists');
    expect(again.latest).toHaveBeenCalledTimes(3);
    const twice = fakeKnex([race, race]);
    await migrateLatest(twice.knex, {});
    expect(twice.latest).toHaveBeenCalledTimes(3);
  });
});
