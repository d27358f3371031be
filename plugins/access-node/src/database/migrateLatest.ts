/**
 * The one way Cellport plugins migrate their tables: migrations written in TypeScript, applied by
 * {@link migrateLatest} (safe from several replicas at once).
 */
import { Knex } from 'knex';

/**
 * One knex migration, written in code.
 *
 * @public
 */
export interface CodeMigration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * A knex migration source over migrations written in code, applied in the order of their names
 * (timestamp first). The names are what the migrations table records: never rename one that has
 * shipped (migrations first shipped as files keep their `.js` file name).
 *
 * @public
 */
export function migrationsInCode(
  migrations: Record<string, CodeMigration>,
): Knex.MigrationSource<string> {
  return {
    async getMigrations() {
      return Object.keys(migrations).sort();
    },
    getMigrationName(name) {
      return name;
    },
    async getMigration(name) {
      return migrations[name];
    },
  };
}

/**
 * `knex.migrate.latest(config)`, safe when several replicas start on an empty database at once.
 * knex locks its migrations table while it migrates, but creates that table and its lock table
 * without a lock first (two tables, one after the other): the replicas that lose that race fail
 * with "relation ... already exists" (PostgreSQL 42P07), or, when both CREATE TABLEs run at the same
 * moment, with a unique violation on PostgreSQL's catalog of type names (23505 on
 * `pg_type_typname_nsp_index`; four replicas starting together meet it). They try again after a short random pause
 * (at most `attempts` times), now that the tables exist, and wait for the lock.
 *
 * Pass `migrations` (see {@link migrationsInCode}) and the plugin's own `tableName`, or any knex
 * migrator config.
 *
 * @public
 */
export async function migrateLatest(
  knex: Knex,
  config:
    | Knex.MigratorConfig
    | { tableName: string; migrations: Record<string, CodeMigration> },
  options: { attempts?: number } = {},
): Promise<void> {
  const migratorConfig: Knex.MigratorConfig =
    'migrations' in config
      ? {
          tableName: config.tableName,
          migrationSource: migrationsInCode(config.migrations),
        }
      : config;
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest(migratorConfig);
      return;
    } catch (e) {
      if (!lostCreateRace(e) || attempt >= attempts) {
        throw e;
      }
      await new Promise(r => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}

/** Whether a failed migration lost the race to create knex's migrations tables. */
function lostCreateRace(e: unknown): boolean {
  const error = e as { code?: string; constraint?: string; message?: string };
  return (
    error.code === '42P07' ||
    /already exists/.test(error.message ?? '') ||
    (error.code === '23505' &&
      (error.constraint === 'pg_type_typname_nsp_index' ||
        /pg_type_typname_nsp_index/.test(error.message ?? '')))
  );
}
