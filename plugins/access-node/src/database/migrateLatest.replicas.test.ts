/**
 * migrateLatest on a real PostgreSQL, several replicas at once: knex alone lets racing replicas
 * insert its lock row twice, after which every start fails with "Migration table is already
 * locked"; migrateLatest serializes them (advisory lock) and repairs a lock table left that way.
 */
import { createCellportTestDatabases } from '@cellport/test-utils';
import knexFactory, { Knex } from 'knex';
import { CodeMigration, migrateLatest } from './migrateLatest';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();
const postgresIds = databases.eachSupportedId().filter(([id]) => id.startsWith('POSTGRES'));
// without PostgreSQL (never in CI: createCellportTestDatabases requires it there) the suite is skipped
const describePg = postgresIds.length
  ? describe.each(postgresIds)
  : describe.skip.each(databases.eachSupportedId());

const migrations: Record<string, CodeMigration> = {
  '1_things': {
    async up(knex) {
      await knex.schema.createTable('things', t => t.increments('id'));
    },
    async down(knex) {
      await knex.schema.dropTable('things');
    },
  },
};

describePg('migrateLatest from several replicas on %p', databaseId => {
  it('migrates an empty database from six replicas starting at once, leaving one lock row', async () => {
    const knex = await databases.init(databaseId);
    const replicas: Knex[] = [knex, ...Array.from({ length: 5 }, () => knexFactory(knex.client.config))];
    try {
      for (let round = 0; round < 4; round++) {
        const tableName = `round${round}_knex_migrations`;
        await Promise.all(
          replicas.map(replica =>
            migrateLatest(replica, {
              tableName,
              migrations: { [`${round}_x`]: { async up() {}, async down() {} } },
            }),
          ),
        );
        expect(await knex(tableName).pluck('name')).toEqual([`${round}_x`]);
        expect(await knex(`${tableName}_lock`).select('is_locked')).toEqual([{ is_locked: 0 }]);
      }
    } finally {
      await Promise.all(replicas.slice(1).map(replica => replica.destroy()));
    }
  });

  it('repairs a lock table that a race left with two rows, then migrates', async () => {
    const knex = await databases.init(databaseId);
    await knex.schema.createTable('race_knex_migrations', t => {
      t.increments('id');
      t.string('name');
      t.integer('batch');
      t.timestamp('migration_time');
    });
    await knex.schema.createTable('race_knex_migrations_lock', t => {
      t.increments('index').primary();
      t.integer('is_locked');
    });
    await knex('race_knex_migrations_lock').insert([{ is_locked: 0 }, { is_locked: 0 }]);
    // knex alone cannot take its lock any more
    await expect(
      knex.migrate.latest({ tableName: 'race_knex_migrations', migrationSource: { ...source() } }),
    ).rejects.toThrow('Migration table is already locked');
    await migrateLatest(knex, { tableName: 'race_knex_migrations', migrations });
    expect(await knex('race_knex_migrations').pluck('name')).toEqual(['1_things']);
    expect(await knex('race_knex_migrations_lock').count({ n: '*' })).toEqual([{ n: '1' }]);
  });
});

function source(): Knex.MigrationSource<string> {
  return {
    getMigrations: async () => Object.keys(migrations),
    getMigrationName: name => name,
    getMigration: async name => migrations[name],
  };
}
