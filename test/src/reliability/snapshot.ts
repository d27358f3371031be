/**
 * What the reliability suites compare before and after bad input: every row of every table of the
 * plugins' databases, and what the simulated cells run (Deployments with their generation and
 * replicas, Services, Secrets, namespaces), so "nothing changed" is checked, not assumed.
 */
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { TestCells } from '../cells/harness';

/**
 * Tables that change without any request, left out of the comparison: migration bookkeeping,
 * the scheduler's task rows (every replica's health checks) and the release driver's lease
 * heartbeats; and the registry token endpoint's failed-attempt counts and blocks, which bad
 * credentials are meant to change (the limit every replica shares).
 */
const SELF_CHANGING = [
  /knex_migrations/,
  /^backstage_backend_tasks/,
  /lease/,
  /^registry_token_(failures|blocks)$/,
];

/** Table name to a digest of its rows (order-independent). */
export type DatabaseSnapshot = Record<string, string>;

async function tableNames(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const rows = await knex('information_schema.tables')
      .where({ table_schema: 'public', table_type: 'BASE TABLE' })
      .select('table_name');
    return rows.map((r: { table_name: string }) => r.table_name);
  }
  const rows = await knex('sqlite_master')
    .where({ type: 'table' })
    .whereNot('name', 'like', 'sqlite_%')
    .select('name');
  return rows.map((r: { name: string }) => r.name);
}

/** Digests of every table of `knex`'s database but the self-changing ones. */
export async function snapshotDatabase(knex: Knex): Promise<DatabaseSnapshot> {
  const out: DatabaseSnapshot = {};
  for (const table of (await tableNames(knex)).sort()) {
    if (SELF_CHANGING.some(re => re.test(table))) continue;
    const rows = await knex(table).select();
    const lines = rows
      .map(r =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map(k => [k, r[k] instanceof Date ? r[k].toISOString() : r[k]]),
        ),
      )
      .sort();
    out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

/** What the cells run, one line per object. */
export async function snapshotCells(cells: TestCells): Promise<string[]> {
  const out: string[] = [];
  for (const name of cells.names) {
    const { core, apps } = cells.clients[name];
    const namespaces = await core.listNamespace();
    for (const ns of namespaces.items) {
      out.push(`${name} namespace ${ns.metadata!.name}`);
    }
    for (const d of (await apps.listDeploymentForAllNamespaces()).items) {
      out.push(
        `${name} deployment ${d.metadata!.namespace}/${d.metadata!.name} generation=${d.metadata!.generation} replicas=${d.spec!.replicas}`,
      );
    }
    for (const s of (await core.listServiceForAllNamespaces()).items) {
      out.push(`${name} service ${s.metadata!.namespace}/${s.metadata!.name}`);
    }
    for (const s of (await core.listSecretForAllNamespaces()).items) {
      out.push(`${name} secret ${s.metadata!.namespace}/${s.metadata!.name} rv=${s.metadata!.resourceVersion}`);
    }
  }
  return out.sort();
}

/** The tables whose digest differs between two snapshots. */
export function changedTables(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter(n => before[n] !== after[n]).sort();
}
