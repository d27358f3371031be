/** The builds tables' migrations, applied by {@link applyBuildsMigrations} when the store starts. */
import { CodeMigration, migrateLatest } from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the builds plugin's migrations are tracked. */
export const BUILDS_MIGRATIONS_TABLE = 'builds_knex_migrations';

/**
 * The builds tables' migrations, by the name the migrations table records (first shipped as
 * files, hence `.js`).
 */
export const BUILDS_MIGRATIONS: Record<string, CodeMigration> = {
  /**
   * Cellport builds tables: build configs (secret values encrypted), builds with their attempts and
   * steps, log chunks as the agents sent them, and processed webhook deliveries (replay protection).
   */
  '20261201000000_builds_init.js': {
    async up(knex) {
      await knex.schema.createTable('build_configs', table => {
        table.comment('Build configs: what to build and where the image goes');
        table.string('name', 63).primary();
        table.text('repository_url').notNullable();
        table.string('branch', 255).notNullable();
        table.text('context').notNullable();
        table.text('dockerfile').notNullable();
        table
          .text('build_args')
          .notNullable()
          .comment(
            'JSON [{name, value?, secret, enc?}]; secret values AES-GCM encrypted',
          );
        table.string('image_repository', 255).notNullable();
        table.text('tag_rule').notNullable().comment('JSON TagRule');
        table.string('cache_mount_path', 255).notNullable();
        table
          .text('webhook_secret_enc')
          .notNullable()
          .comment('AES-GCM encrypted webhook secret');
        table
          .integer('counter')
          .notNullable()
          .defaultTo(0)
          .comment('last build number');
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('updated_at', { useTz: true }).notNullable();
      });
      await knex.schema.createTable('builds', table => {
        table.comment('Builds of build configs');
        table.string('id', 36).primary();
        table.string('config', 63).notNullable();
        table.integer('number').notNullable();
        table.string('state', 16).notNullable();
        table.text('trigger').notNullable().comment('JSON BuildTrigger');
        table.string('branch', 255).notNullable();
        table.string('commit', 40).nullable();
        table.string('tag', 128).nullable();
        table.string('digest', 100).nullable();
        table.boolean('no_cache').notNullable().defaultTo(false);
        table.string('agent', 255).nullable();
        table.integer('attempt').notNullable().defaultTo(0);
        table.text('attempts').notNullable().comment('JSON BuildAttempt[]');
        table.text('steps').notNullable().comment('JSON BuildStep[]');
        table.string('failed_step', 16).nullable();
        table.text('reason').nullable();
        table.boolean('cancel_requested').notNullable().defaultTo(false);
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('started_at', { useTz: true }).nullable();
        table.timestamp('dispatched_at', { useTz: true }).nullable();
        table.timestamp('finished_at', { useTz: true }).nullable();
        table.unique(['config', 'number'], {
          indexName: 'builds_config_number_uq',
        });
        table.index(['state'], 'builds_state_idx');
      });
      await knex.schema.createTable('build_log_chunks', table => {
        table.comment('Build log lines, in chunks as the agent sent them');
        table.string('build_id', 36).notNullable();
        table.integer('attempt').notNullable();
        table.integer('seq').notNullable();
        table.text('lines').notNullable().comment('JSON [{at, text}]');
        table.primary(['build_id', 'attempt', 'seq']);
      });
      await knex.schema.createTable('build_webhook_deliveries', table => {
        table.comment('Webhook deliveries already handled (replay protection)');
        table.string('config', 63).notNullable();
        table.string('delivery', 255).notNullable();
        table.timestamp('received_at', { useTz: true }).notNullable();
        table.primary(['config', 'delivery']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('build_webhook_deliveries');
      await knex.schema.dropTable('build_log_chunks');
      await knex.schema.dropTable('builds');
      await knex.schema.dropTable('build_configs');
    },
  },
  /**
   * When a config's webhook secret was set and by whom: the secret is shown once (creation,
   * rotation) and reads show these instead. Existing secrets count as set by the config's creator.
   */
  '20261206000000_builds_webhook_secret_set.js': {
    async up(knex) {
      await knex.schema.alterTable('build_configs', table => {
        table
          .timestamp('webhook_secret_set_at', { useTz: true })
          .nullable()
          .comment('When the webhook secret was set (creation or rotation)');
        table
          .string('webhook_secret_set_by', 255)
          .nullable()
          .comment('Who set the webhook secret (user entity ref)');
      });
      await knex('build_configs').update({
        webhook_secret_set_at: knex.ref('created_at'),
        webhook_secret_set_by: knex.ref('created_by'),
      });
    },
    async down(knex) {
      await knex.schema.alterTable('build_configs', table => {
        table.dropColumn('webhook_secret_set_at');
        table.dropColumn('webhook_secret_set_by');
      });
    },
  },
};

/**
 * Brings the builds tables up to date; safe from several replicas at once (`migrateLatest`).
 *
 * @public
 */
export async function applyBuildsMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    tableName: BUILDS_MIGRATIONS_TABLE,
    migrations: BUILDS_MIGRATIONS,
  });
}
