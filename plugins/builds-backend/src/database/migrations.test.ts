import { migrateLatest } from '@cellport/plugin-access-node';
import { createCellportTestDatabases } from '@cellport/test-utils';
import {
  applyBuildsMigrations,
  BUILDS_MIGRATIONS,
  BUILDS_MIGRATIONS_TABLE,
} from './migrations';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();
const FIRST = '20261201000000_builds_init.js';

describe.each(databases.eachSupportedId())(
  'builds migrations on %p',
  databaseId => {
    it('record the names the migration files of earlier releases recorded, so their databases stay as they are', async () => {
      const knex = await databases.init(databaseId);
      await applyBuildsMigrations(knex);
      await applyBuildsMigrations(knex); // a restart migrates nothing
      expect(await knex(BUILDS_MIGRATIONS_TABLE).pluck('name')).toEqual([
        FIRST,
        '20261206000000_builds_webhook_secret_set.js',
      ]);
      for (const table of [
        'build_configs',
        'builds',
        'build_log_chunks',
        'build_webhook_deliveries',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
    });

    it("counts an existing config's webhook secret as set by its creator when it was created", async () => {
      const knex = await databases.init(databaseId);
      await migrateLatest(knex, {
        tableName: BUILDS_MIGRATIONS_TABLE,
        migrations: { [FIRST]: BUILDS_MIGRATIONS[FIRST] },
      });
      const createdAt = new Date('2026-12-01T10:00:00.000Z');
      await knex('build_configs').insert({
        name: 'old',
        repository_url: 'http://git.test/old.git',
        branch: 'main',
        context: '.',
        dockerfile: 'Dockerfile',
        build_args: '[]',
        image_repository: 'team/app',
        tag_rule: '{"type":"commit"}',
        cache_mount_path: '/cache',
        webhook_secret_enc: 'v1:sealed',
        created_by: 'user:default/alice',
        created_at: createdAt,
        updated_at: createdAt,
      });
      await applyBuildsMigrations(knex);
      const row = await knex('build_configs').where({ name: 'old' }).first();
      expect(row.webhook_secret_set_by).toBe('user:default/alice');
      expect(new Date(row.webhook_secret_set_at).toISOString()).toBe(
        createdAt.toISOString(),
      );
      expect(row.webhook_secret_enc).toBe('v1:sealed');
    });
  },
);
