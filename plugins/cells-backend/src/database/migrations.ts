import { CodeMigration, migrateLatest } from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the apps tables' migrations are tracked, apart from the other tables of the plugin. */
export const APP_MIGRATIONS_TABLE = 'cells_app_knex_migrations';

const MIGRATIONS: Record<string, CodeMigration> = {
  '20260601000000_apps': {
    async up(knex) {
      await knex.schema.createTable('apps', table => {
        table.string('name', 63).primary();
        table.text('description').nullable();
        table.string('component_ref', 255).nullable();
        table.boolean('production').notNullable().defaultTo(false);
        table.string('region', 63).notNullable();
        table.string('image_repository', 255).nullable();
        table.string('current_version', 63).nullable();
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
      });
      await knex.schema.createTable('app_cells', table => {
        table
          .string('app', 63)
          .notNullable()
          .references('name')
          .inTable('apps')
          .onDelete('CASCADE');
        table.string('cell', 63).notNullable();
        table.string('stable_version', 63).nullable();
        table.primary(['app', 'cell']);
      });
      await knex.schema.createTable('app_versions', table => {
        table.bigIncrements('id').primary();
        table
          .string('app', 63)
          .notNullable()
          .references('name')
          .inTable('apps')
          .onDelete('CASCADE');
        table.string('name', 63).notNullable();
        table.text('spec').notNullable();
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.unique(['app', 'name']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('app_versions');
      await knex.schema.dropTable('app_cells');
      await knex.schema.dropTable('apps');
    },
  },
  '20261207000000_pull_robots': {
    async up(knex) {
      // the pull robots' secrets, shared by the replicas (the registry shows a secret once)
      await knex.schema.createTable('cells_pull_robots', table => {
        table.string('key', 255).primary().comment('group/robot name');
        table.string('created_at', 64).notNullable().comment("the registry's creation time");
        table.string('repository', 255).notNullable();
        table.string('actor', 255).notNullable();
        table.string('username', 255).notNullable();
        table.text('secret').notNullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable('cells_pull_robots');
    },
  },
};

/**
 * Brings the apps tables (`apps`, `app_cells`, `app_versions`) of the cells plugin database up to
 * date. Tracked in its own table ({@link APP_MIGRATIONS_TABLE}) so that other parts of the plugin
 * migrate independently; safe from several replicas at once (`migrateLatest`).
 *
 * @public
 */
export async function applyAppMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    tableName: APP_MIGRATIONS_TABLE,
    migrations: MIGRATIONS,
  });
}
