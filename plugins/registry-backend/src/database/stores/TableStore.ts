import { Knex } from 'knex';

/** Converts a database timestamp to ISO 8601 (undefined for null). */
export function iso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  const d = new Date(
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  );
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

/** Parses JSON text, or `fallback` when it is not JSON. */
export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** What every registry table store shares: the database and the activity row they append to. */
export abstract class TableStore {
  constructor(protected readonly db: Knex) {}

  /** Appends an activity entry (in the caller's transaction when given one). */
  protected async activity(
    db: Knex | Knex.Transaction,
    group: string,
    repository: string | null,
    action: string,
    actor: string,
    details: Record<string, unknown>,
  ) {
    await db('registry_activity').insert({
      group_name: group,
      repository,
      action,
      actor,
      details: JSON.stringify(details),
      created_at: new Date(),
    });
  }
}
