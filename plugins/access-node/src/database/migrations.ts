import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Where the access tables' migrations are tracked, apart from the plugin's own migrations. */
export const ACCESS_MIGRATIONS_TABLE = 'cellport_access_knex_migrations';

/**
 * Brings the access tables of a plugin database up to date. Safe to call from several replicas
 * at once (knex locks its migrations table).
 *
 * @public
 */
export async function applyAccessMigrations(knex: Knex): Promise<void> {
  const directory = resolvePackagePath(
    '@cellport/plugin-access-node',
    'migrations',
  );
  await knex.migrate.latest({
    directory,
    tableName: ACCESS_MIGRATIONS_TABLE,
  });
}
