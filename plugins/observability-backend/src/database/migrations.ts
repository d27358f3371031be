/** The observability tables' migrations (alert rules and events), applied by {@link applyMigrations}. */
import { CodeMigration, migrateLatest } from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the observability plugin's migrations are tracked. */
export const MIGRATIONS_TABLE = 'observability_knex_migrations';

const MIGRATIONS: Record<string, CodeMigration> = {
  '20261206000000_alerts': {
    async up(knex) {
      await knex.schema.createTable('observability_alert_rules', table => {
        table.string('id', 36).primary();
        table.string('app', 63).notNullable();
        table.string('name', 40).notNullable();
        table.string('metric', 32).notNullable();
        table.double('threshold').notNullable();
        table.string('for', 16).notNullable();
        table.string('severity', 16).notNullable();
        table.text('summary').nullable();
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('updated_at', { useTz: true }).notNullable();
        table.unique(['app', 'name']);
        table.index('app');
      });
      await knex.schema.createTable('observability_alert_events', table => {
        table.bigIncrements('id').primary();
        table.string('app', 63).notNullable();
        table.string('rule_id', 36).nullable();
        table.string('rule_name', 40).nullable();
        table.string('status', 16).notNullable();
        table.string('fingerprint', 64).notNullable();
        table.string('starts_at', 64).notNullable();
        table.string('ends_at', 64).nullable();
        table.text('summary').notNullable();
        table.text('labels').notNullable();
        table.timestamp('received_at', { useTz: true }).notNullable();
        table.string('claimed_by', 64).nullable();
        table.timestamp('claimed_at', { useTz: true }).nullable();
        table.timestamp('notified_at', { useTz: true }).nullable();
        table.unique(['fingerprint', 'starts_at', 'status']);
        table.index(['app', 'received_at']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('observability_alert_events');
      await knex.schema.dropTable('observability_alert_rules');
    },
  },
};

/**
 * Brings the observability tables (alert rules and alert events) up to date; safe from several
 * replicas at once (`migrateLatest`: knex locks its migrations table, and a lost race to create
 * it is retried).
 */
export async function applyMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    tableName: MIGRATIONS_TABLE,
    migrations: MIGRATIONS,
  });
}
