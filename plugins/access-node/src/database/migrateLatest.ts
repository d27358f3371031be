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
 *
 * knex creates its migrations table, its lock table and the lock table's one row without a lock
 * first, then takes the lock with `UPDATE ... SET is_locked = 1 WHERE is_locked = 0` and fails
 * with "Migration table is already locked" unless exactly one row changed. Replicas racing
 * there fail with "relation ... already exists" (PostgreSQL 42P07), a unique violation on
 * PostgreSQL's catalog of type names (23505 on `pg_type_typname_nsp_index`), or, worse, both
 * insert the lock row: from then on the lock table holds two rows and every start of every
 * replica fails with MigrationLocked.
 *
 * On PostgreSQL the whole migration therefore runs under a transaction-scoped advisory lock per
 * migrations table (other replicas wait for it, then find nothing left to do), and a lock table
 * that a race left with several rows is repaired to one under that lock. On SQLite (one process)
 * and as a fallback, a lost create race is tried again after a short random pause (at most
 * `attempts` times).
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
  const run = () => latestWithRetries(knex, migratorConfig, options.attempts ?? 5);
  if (knex.client?.dialect !== 'postgresql') {
    await run();
    return;
  }
  const tableName = migratorConfig.tableName ?? 'knex_migrations';
  await knex.transaction(async tx => {
    // held until this transaction ends; the migration itself runs on other pool connections
    await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`cellport-migrations:${tableName}`]);
    await repairLockRows(knex, `${tableName}_lock`);
    await run();
  });
}

async function latestWithRetries(
  knex: Knex,
  config: Knex.MigratorConfig,
  attempts: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest(config);
      return;
    } catch (e) {
      if (!lostCreateRace(e) || attempt >= attempts) {
        throw e;
      }
      await new Promise(r => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}

/**
 * Leaves one row in a knex lock table that replicas racing to create it filled with several
 * (knex's lock then never succeeds). Only called under the advisory lock: nobody migrates meanwhile.
 */
async function repairLockRows(knex: Knex, lockTable: string): Promise<void> {
  if (!(await knex.schema.hasTable(lockTable))) return;
  const rows: { index: number }[] = await knex(lockTable).select('index').orderBy('index');
  if (rows.length > 1) {
    await knex(lockTable).whereNot('index', rows[0].index).delete();
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
