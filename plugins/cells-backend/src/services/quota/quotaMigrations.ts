import { CodeMigration, migrateLatest } from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the quota and operations tables' migrations are tracked, apart from the other tables. */
export const QUOTA_MIGRATIONS_TABLE = 'cells_quota_knex_migrations';

/** The quota and operations tables. */
export const QUOTA_TABLES = {
  quotas: 'cells_quotas',
  appOwners: 'cells_app_owner_groups',
  replicas: 'cells_version_replicas',
  operations: 'cells_operations',
} as const;

const MIGRATIONS: Record<string, CodeMigration> = {
  '20261208000000_quotas_and_operations': {
    async up(knex) {
      await knex.schema.createTable(QUOTA_TABLES.quotas, table => {
        table.comment('Quotas per owner group, set by platform admins; null: unlimited');
        table.string('owner_group', 255).primary();
        table.bigInteger('apps').nullable();
        table.bigInteger('cpu_millis').nullable();
        table.bigInteger('memory_bytes').nullable();
        table.string('updated_by', 255).notNullable();
        table.bigInteger('updated_at').notNullable();
      });
      await knex.schema.createTable(QUOTA_TABLES.appOwners, table => {
        table.comment("The owner groups an app counts against (the owner of its Component, else the groups of its creator)");
        table.string('app', 63).notNullable();
        table.string('owner_group', 255).notNullable().index();
        table.primary(['app', 'owner_group']);
      });
      await knex.schema.createTable(QUOTA_TABLES.replicas, table => {
        table.comment('Replicas of a version in a cell as last scaled by hand (else its spec counts)');
        table.string('app', 63).notNullable();
        table.string('version', 63).notNullable();
        table.string('cell', 63).notNullable();
        table.integer('replicas').notNullable();
        table.primary(['app', 'version', 'cell']);
      });
      await knex.schema.createTable(QUOTA_TABLES.operations, table => {
        table.comment('Version deploys and scalings, for the admin view (kept when an app goes)');
        table.bigIncrements('id').primary();
        table.bigInteger('at').notNullable().index();
        table.string('kind', 16).notNullable();
        table.string('app', 63).notNullable();
        table.string('version', 63).nullable();
        table.string('cell', 63).nullable();
        table.string('actor', 255).notNullable();
      });
    },
    async down(knex) {
      for (const table of Object.values(QUOTA_TABLES)) {
        await knex.schema.dropTable(table);
      }
    },
  },
};

/**
 * Brings the quota and operations tables of the cells plugin database up to date (tracked in
 * {@link QUOTA_MIGRATIONS_TABLE}); safe from several replicas at once (`migrateLatest`).
 *
 * @public
 */
export async function applyQuotaMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    tableName: QUOTA_MIGRATIONS_TABLE,
    migrations: MIGRATIONS,
  });
}
