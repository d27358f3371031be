import { createCellportTestDatabases } from '@cellport/test-utils';
import { applyBuildsMigrations, BUILDS_MIGRATIONS_TABLE } from './migrations';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

describe.each(databases.eachSupportedId())('builds migrations on %p', databaseId => {
  it('record the names the migration files of earlier releases recorded, so their databases stay as they are', async () => {
    const knex = await databases.init(databaseId);
    await applyBuildsMigrations(knex);
    await applyBuildsMigrations(knex); // a restart migrates nothing
    expect(await knex(BUILDS_MIGRATIONS_TABLE).pluck('name')).toEqual([
      '20261201000000_builds_init.js',
    ]);
    for (const table of ['build_configs', 'builds', 'build_log_chunks', 'build_webhook_deliveries']) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
  });
});
