import { applyAccessMigrations, migrationsInCode } from '@cellport/plugin-access-node';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { REGISTRY_MIGRATIONS, REGISTRY_MIGRATIONS_TABLE as tableName } from './migrations';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const migrationSource = migrationsInCode(REGISTRY_MIGRATIONS);

describe.each(databases.eachSupportedId())(
  'registry migrations on %p',
  databaseId => {
    it('moves registry members into the access tables and drops registry_members', async () => {
      const knex = await databases.init(databaseId);
      await applyAccessMigrations(knex);
      await knex.migrate.up({ migrationSource, tableName }); // the initial schema only
      const now = new Date();
      await knex('registry_groups').insert([
        { name: 'team', visibility: 'private', description: '', created_by: 'user:default/alice', created_at: now },
        { name: 'pub', visibility: 'public', description: '', created_by: 'user:default/alice', created_at: now },
      ]);
      await knex('registry_repositories').insert([
        { name: 'team/app', group_name: 'team', visibility: null, description: '', created_by: 'user:default/alice', created_at: now, pull_count: 0 },
        { name: 'pub/site', group_name: 'pub', visibility: null, description: '', created_by: 'user:default/alice', created_at: now, pull_count: 0 },
      ]);
      await knex('registry_members').insert([
        { kind: 'image-group', name: 'team', member_ref: 'user:default/alice', role: 'owner', added_by: 'user:default/alice', created_at: now },
        { kind: 'image-group', name: 'team', member_ref: 'user:default/bob', role: 'reporter', added_by: 'user:default/alice', created_at: now },
        { kind: 'image-repository', name: 'team/app', member_ref: 'user:default/bob', role: 'developer', added_by: 'user:default/alice', created_at: now },
      ]);

      await knex.migrate.latest({ migrationSource, tableName });
      // the names the migration files of earlier releases recorded: their databases migrate unchanged
      expect(await knex(tableName).orderBy('id').pluck('name')).toEqual([
        '20260301000000_registry_init.js',
        '20260401000000_registry_members_to_access.js',
        '20261206000000_registry_robot_owner_and_manifests.js',
        '20261207000000_registry_robot_expiry.js',
        '20261208000000_registry_quotas.js',
        '20261209000000_registry_token_attempts.js',
      ]);

      expect(await knex.schema.hasTable('registry_members')).toBe(false);
      const resources = await knex('cellport_access_resources')
        .select('kind', 'name', 'parent_kind', 'parent_name', 'visibility')
        .orderBy(['kind', 'name']);
      expect(resources).toEqual([
        { kind: 'image-group', name: 'pub', parent_kind: null, parent_name: null, visibility: 'public' },
        { kind: 'image-group', name: 'team', parent_kind: null, parent_name: null, visibility: 'private' },
        { kind: 'image-repository', name: 'pub/site', parent_kind: 'image-group', parent_name: 'pub', visibility: 'public' },
        { kind: 'image-repository', name: 'team/app', parent_kind: 'image-group', parent_name: 'team', visibility: 'private' },
      ]);
      const members = await knex('cellport_access_members')
        .select('kind', 'name', 'member_ref', 'role')
        .orderBy(['kind', 'name', 'member_ref']);
      expect(members).toEqual([
        { kind: 'image-group', name: 'team', member_ref: 'user:default/alice', role: 'owner' },
        { kind: 'image-group', name: 'team', member_ref: 'user:default/bob', role: 'reporter' },
        { kind: 'image-repository', name: 'team/app', member_ref: 'user:default/bob', role: 'developer' },
      ]);
    });
  },
);
