import {
  CodeMigration,
  migrateLatest,
  migrationsInCode,
} from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the release tables' migrations are tracked, apart from the plugin's other migrations. */
export const RELEASE_MIGRATIONS_TABLE = 'cells_release_knex_migrations';

/** The release tables. */
export const RELEASE_TABLES = {
  releases: 'cells_releases',
  steps: 'cells_release_steps',
  events: 'cells_release_events',
} as const;

const MIGRATIONS: Record<string, CodeMigration> = {
  '20260501000000_releases_init': {
    async up(knex) {
      await knex.schema.createTable(RELEASE_TABLES.releases, table => {
        table.string('id', 64).primary();
        table.string('app', 63).notNullable().index();
        table.string('version', 63).notNullable();
        table.string('state', 32).notNullable();
        table.string('on_failure', 16).notNullable();
        table.integer('current_step').notNullable().defaultTo(0);
        table.text('from_versions').notNullable();
        table.text('skipped_cells').notNullable().defaultTo('[]');
        /** Cells already rolled back or finalized (the release's last phase, one cell at a time). */
        table.text('done_cells').notNullable().defaultTo('[]');
        /** Snapshots of the new version's and the stable versions' specs at start. */
        table.text('version_spec').notNullable();
        table.text('stable_specs').notNullable();
        table.text('reason');
        table.string('created_by', 255).notNullable();
        table.bigInteger('created_at').notNullable();
        table.bigInteger('updated_at').notNullable();
        table.bigInteger('finished_at');
        /**
         * The app while the release is live, null once final: unique, so that two replicas can
         * never both start a live release of one app (NULLs never collide).
         */
        table.string('live_app', 63).unique({
          indexName: 'cells_releases_one_live_per_app',
        });
        /** The driver holding the lease, and until when (ms since the epoch). */
        table.string('driver_id', 255);
        table.bigInteger('lease_expires_at');
        table.index(['live_app', 'lease_expires_at'], 'cells_releases_lease');
      });
      await knex.schema.createTable(RELEASE_TABLES.steps, table => {
        table
          .string('release_id', 64)
          .notNullable()
          .references('id')
          .inTable(RELEASE_TABLES.releases)
          .onDelete('CASCADE');
        table.integer('idx').notNullable();
        table.text('plan').notNullable();
        table.string('state', 32).notNullable();
        table.integer('attempt').notNullable().defaultTo(0);
        table.bigInteger('started_at');
        table.bigInteger('finished_at');
        table.bigInteger('deadline_at');
        table.bigInteger('ready_at');
        table.text('targets');
        table.text('applied').notNullable().defaultTo('[]');
        table.text('baseline').notNullable().defaultTo('{}');
        table.text('gates').notNullable().defaultTo('[]');
        table.boolean('promoted').notNullable().defaultTo(false);
        table.primary(['release_id', 'idx']);
      });
      await knex.schema.createTable(RELEASE_TABLES.events, table => {
        table.increments('id').primary();
        table
          .string('release_id', 64)
          .notNullable()
          .references('id')
          .inTable(RELEASE_TABLES.releases)
          .onDelete('CASCADE');
        table.bigInteger('at').notNullable();
        table.integer('step');
        table.string('cell', 63);
        table.string('type', 64).notNullable();
        table.text('message').notNullable();
        table.string('actor', 255);
        table.string('driver_id', 255);
        /** Set on events that may happen once only (per step attempt): a second insert is ignored. */
        table.string('dedupe_key', 255).unique({
          indexName: 'cells_release_events_dedupe',
        });
        table.index(['release_id', 'id'], 'cells_release_events_release');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(RELEASE_TABLES.events);
      await knex.schema.dropTable(RELEASE_TABLES.steps);
      await knex.schema.dropTable(RELEASE_TABLES.releases);
    },
  },
};

const migrationSource = migrationsInCode(MIGRATIONS);

/**
 * Brings the release tables of the plugin database up to date (tracked in
 * `cells_release_knex_migrations`). Safe to call from several replicas at once
 * (`migrateLatest`: knex locks its migrations table, and a lost race to create it is retried).
 *
 * @public
 */
export async function applyReleaseMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    migrationSource,
    tableName: RELEASE_MIGRATIONS_TABLE,
  });
}

/**
 * Undoes the release migrations (tests).
 *
 * @internal
 */
export async function rollbackReleaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback(
    { migrationSource, tableName: RELEASE_MIGRATIONS_TABLE },
    true,
  );
}
