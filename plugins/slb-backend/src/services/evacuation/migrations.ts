/**
 * The evacuation tables of the slb plugin database, tracked in their own migrations table and
 * applied with the access library's `migrateLatest` (safe from several replicas at once).
 */
import { CodeMigration, migrateLatest } from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the evacuation migrations are tracked. */
export const EVACUATION_MIGRATIONS_TABLE = 'slb_evacuation_knex_migrations';

const MIGRATIONS: Record<string, CodeMigration> = {
  '20261206000000_evacuations': {
    async up(knex) {
      await knex.schema.createTable('slb_evacuations', table => {
        table.string('id', 36).primary();
        table.string('cell', 63).notNullable().index();
        table.string('region', 63).notNullable();
        table.string('state', 16).notNullable().index();
        table.string('step', 32).notNullable();
        table.text('step_data').notNullable().comment('JSON: where the step is');
        table.string('trigger', 16).notNullable();
        table.text('reason').notNullable();
        table.text('plan').notNullable().comment('JSON EvacuationPlan');
        table.string('created_by', 255).notNullable();
        table.string('created_at', 32).notNullable();
        table.string('updated_at', 32).notNullable();
        table.string('restore_requested_by', 255).nullable();
        table.text('error').nullable();
        table.string('lease_owner', 255).nullable();
        table.bigInteger('lease_until').notNullable().defaultTo(0);
      });
      await knex.schema.createTable('slb_evacuation_events', table => {
        table.bigIncrements('id').primary();
        table
          .string('evacuation_id', 36)
          .notNullable()
          .references('id')
          .inTable('slb_evacuations')
          .onDelete('CASCADE');
        table.string('at', 32).notNullable();
        table.string('level', 8).notNullable();
        table.string('step', 32).notNullable();
        table.text('message').notNullable();
        table.index(['evacuation_id', 'id']);
      });
      // one evacuation at a time per cell: its row exists from the start until it is restored
      await knex.schema.createTable('slb_evacuated_cells', table => {
        table.string('cell', 63).primary();
        table.string('evacuation_id', 36).notNullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable('slb_evacuated_cells');
      await knex.schema.dropTable('slb_evacuation_events');
      await knex.schema.dropTable('slb_evacuations');
    },
  },
};

/** Brings the evacuation tables up to date. */
export async function applyEvacuationMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, { tableName: EVACUATION_MIGRATIONS_TABLE, migrations: MIGRATIONS });
}
