import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Where the access tables' migrations are tracked, apart from the plugin's own migrations. */
export const ACCESS_MIGRATIONS_TABLE = 'cellport_access_knex_migrations';

/**
 * Brings the access tables of a plugin database up to date. Safe to call from several replicas
 * at once ({@link migrateLatest}).
 *
 * @public
 */
export async function applyAccessMigrations(knex: Knex): Promise<void> {
  const directory = resolvePackagePath(
    '@cellport/plugin-access-node',
    'migrations',
  );
  await migrateLatest(knex, {
    directory,
    tableName: ACCESS_MIGRATIONS_TABLE,
  });
}

/**
 * `knex.migrate.latest(config)`, safe when several replicas start on an empty database at once.
 * knex locks its migrations table while it migrates, but creates that table and its lock table
 * without a lock first (two tables, one after the other): the replicas that lose that race fail
 * with "relation ... already exists" (PostgreSQL 42P07). They try again after a short random pause
 * (at most `attempts` times), now that the tables exist, and wait for the lock.
 *
 * @public
 */
export async function migrateLatest(
  knex: Knex,
  config: Knex.MigratorConfig,
  options: { attempts?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest(config);
      return;
    } catch (e) {
      const error = e as { code?: string; message?: string };
      const lostRace =
        error.code === '42P07' || /already exists/.test(error.message ?? '');
      if (!lostRace || attempt >= attempts) {
        throw e;
      }
      await new Promise(r => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}
