import { createCellportTestDatabases } from '@cellport/test-utils';
import knexFactory from 'knex';
import {
  ACCESS_MIGRATIONS_TABLE,
  applyAccessMigrations,
} from './migrations';
import { migrateLatest } from './migrateLatest';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

describe.each(databases.eachSupportedId())('access migrations on %p', databaseId => {
  it('record the names the migration files of earlier releases recorded, so their databases stay as they are', async () => {
    const knex = await databases.init(databaseId);
    await applyAccessMigrations(knex);
    await applyAccessMigrations(knex); // a restart migrates nothing
    expect(await knex(ACCESS_MIGRATIONS_TABLE).pluck('name')).toEqual([
      '20260101000000_init.js',
    ]);
    for (const table of ['resources', 'members', 'activity']) {
      expect(await knex.schema.hasTable(`cellport_access_${table}`)).toBe(true);
    }
  });

  it('apply migrations in code in the order of their names, each once', async () => {
    const knex = await databases.init(databaseId);
    const applied: string[] = [];
    const step = (name: string) => ({
      async up() {
        applied.push(name);
      },
      async down() {},
    });
    const migrations = { '2_b': step('2_b'), '1_a': step('1_a') };
    await migrateLatest(knex, { tableName: 'test_knex_migrations', migrations });
    await migrateLatest(knex, {
      tableName: 'test_knex_migrations',
      migrations: { ...migrations, '3_c': step('3_c') },
    });
    expect(applied).toEqual(['1_a', '2_b', '3_c']);
  });

  if (databaseId.startsWith('POSTGRES')) {
    it('let several replicas migrate one empty database at once', async () => {
      const knex = await databases.init(databaseId);
      const replicas = [knex, ...Array.from({ length: 3 }, () => knexFactory(knex.client.config))];
      try {
        await Promise.all(replicas.map(replica => applyAccessMigrations(replica)));
        expect(await knex(ACCESS_MIGRATIONS_TABLE).pluck('name')).toEqual([
          '20260101000000_init.js',
        ]);
      } finally {
        await Promise.all(replicas.slice(1).map(replica => replica.destroy()));
      }
    });
  }
});
