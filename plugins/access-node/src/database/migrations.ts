/** The access tables' migrations (`cellport_access_*`), applied by {@link applyAccessMigrations}. */
import { Knex } from 'knex';
import { CodeMigration, migrateLatest } from './migrateLatest';

/** Where the access tables' migrations are tracked, apart from the plugin's own migrations. */
export const ACCESS_MIGRATIONS_TABLE = 'cellport_access_knex_migrations';

/**
 * The access tables' migrations, by the name the migrations table records (first shipped as
 * files, hence `.js`).
 */
export const ACCESS_MIGRATIONS: Record<string, CodeMigration> = {
  /**
   * Cellport access tables. Prefixed `cellport_access_` and tracked in their own migrations table
   * (`cellport_access_knex_migrations`), so they live next to any plugin's own tables in that
   * plugin's database.
   */
  '20260101000000_init.js': {
    async up(knex) {
      await knex.schema.createTable('cellport_access_resources', table => {
        table.comment(
          'Resources that have members: apps, image groups, image repositories, build configs',
        );
        table
          .string('kind', 64)
          .notNullable()
          .comment('app, image-group, image-repository, build-config');
        table
          .string('name', 255)
          .notNullable()
          .comment('Resource name, unique per kind');
        table
          .string('parent_kind', 64)
          .nullable()
          .comment('Kind of the resource whose members also apply');
        table
          .string('parent_name', 255)
          .nullable()
          .comment('Name of the resource whose members also apply');
        table
          .string('visibility', 16)
          .notNullable()
          .defaultTo('private')
          .comment('private or public');
        table
          .string('created_by', 255)
          .nullable()
          .comment('Entity ref of the creator');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.primary(['kind', 'name']);
        table.index(
          ['parent_kind', 'parent_name'],
          'cellport_access_resources_parent_idx',
        );
      });
      await knex.schema.createTable('cellport_access_members', table => {
        table.comment('Members of resources, with their role');
        table.string('kind', 64).notNullable();
        table.string('name', 255).notNullable();
        table
          .string('member_ref', 255)
          .notNullable()
          .comment('Catalog User or Group entity ref, lowercase');
        table
          .string('role', 16)
          .notNullable()
          .comment('owner, master, developer, reporter, guest');
        table.string('added_by', 255).nullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('updated_at', { useTz: true }).notNullable();
        table.primary(['kind', 'name', 'member_ref']);
        table.index(['member_ref'], 'cellport_access_members_member_idx');
      });
      await knex.schema.createTable('cellport_access_activity', table => {
        table.comment(
          'Activity feed of resources: member, visibility and ownership changes and plugin events',
        );
        table.bigIncrements('id').primary();
        table.string('kind', 64).notNullable();
        table.string('name', 255).notNullable();
        table.string('action', 64).notNullable();
        table.string('actor', 255).notNullable();
        table.text('details').notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.index(
          ['kind', 'name', 'id'],
          'cellport_access_activity_resource_idx',
        );
      });
    },
    async down(knex) {
      await knex.schema.dropTable('cellport_access_activity');
      await knex.schema.dropTable('cellport_access_members');
      await knex.schema.dropTable('cellport_access_resources');
    },
  },
};

/**
 * Brings the access tables of a plugin database up to date. Safe to call from several replicas
 * at once ({@link migrateLatest}).
 *
 * @public
 */
export async function applyAccessMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    tableName: ACCESS_MIGRATIONS_TABLE,
    migrations: ACCESS_MIGRATIONS,
  });
}
