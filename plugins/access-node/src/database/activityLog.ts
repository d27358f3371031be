/** The activity feed of access resources: entries written inside a change's transaction, and read back. */
import {
  ActivityEntry,
  ResourceId,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';
import { Knex } from 'knex';
import { ActivityRow, TABLES, toIso } from './tables';
import { ListActivityOptions } from './types';

const MAX_ACTIVITY = 500;

/** Appends an entry; pass the change's transaction so the entry commits with it. */
export async function insertActivity(
  db: Knex | Knex.Transaction,
  id: ResourceId,
  action: string,
  actor: string,
  details: Record<string, unknown>,
): Promise<void> {
  await db(TABLES.activity).insert({
    kind: id.kind,
    name: id.name,
    action,
    actor,
    details: JSON.stringify(details),
    created_at: new Date(),
  });
}

/** The resource's entries, newest first (at most 500 a page, `before` an entry id). */
export async function listActivity(
  knex: Knex,
  id: ResourceId,
  options: ListActivityOptions = {},
): Promise<ActivityEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_ACTIVITY);
  const query = knex<ActivityRow>(TABLES.activity)
    .where({ kind: id.kind, name: id.name })
    .orderBy('id', 'desc')
    .limit(limit);
  if (options.before !== undefined) {
    query.where('id', '<', options.before);
  }
  const rows = await query;
  return rows.map(row => ({
    id: Number(row.id),
    resourceRef: stringifyResourceRef(id),
    action: row.action,
    actor: row.actor,
    createdAt: toIso(row.created_at),
    details: parseDetails(row.details),
  }));
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
