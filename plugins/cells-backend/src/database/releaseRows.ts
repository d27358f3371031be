/** How releases, their steps and events map to and from the rows of the release tables. */
import { FINAL_RELEASE_STATES } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StoredReleaseEvent,
} from './ReleaseRecords';
import { RELEASE_TABLES as T } from './releaseMigrations';
import { StepChanges } from './ReleaseStore';

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

function json<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || !text) {
    return fallback;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The release row and step rows of a new release. */
export function releaseRows(record: ReleaseRecord): {
  release: Record<string, unknown>;
  steps: Array<Record<string, unknown>>;
} {
  return {
    release: {
      id: record.id,
      app: record.app,
      version: record.version,
      state: record.state,
      on_failure: record.onFailure,
      current_step: record.currentStep,
      from_versions: JSON.stringify(record.fromVersions),
      skipped_cells: JSON.stringify(record.skippedCells),
      done_cells: JSON.stringify(record.doneCells),
      version_spec: JSON.stringify(record.versionSpec),
      stable_specs: JSON.stringify(record.stableSpecs),
      reason: record.reason ?? null,
      created_by: record.createdBy,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      live_app: FINAL_RELEASE_STATES.includes(record.state) ? null : record.app,
    },
    steps: record.steps.map(step => ({
      release_id: record.id,
      idx: step.index,
      plan: JSON.stringify(step.plan),
      state: step.state,
      attempt: step.attempt,
      applied: JSON.stringify(step.applied),
      baseline: JSON.stringify(step.baseline),
      gates: JSON.stringify(step.gates),
      promoted: step.promoted,
    })),
  };
}

/** Release rows with their step rows (of any releases, filtered here) as records. */
export function toReleaseRecords(
  rows: any[],
  stepRows: any[],
): ReleaseRecord[] {
  return rows.map(row => ({
    id: row.id,
    app: row.app,
    version: row.version,
    state: row.state,
    onFailure: row.on_failure,
    currentStep: Number(row.current_step),
    fromVersions: json(row.from_versions, {}),
    skippedCells: json(row.skipped_cells, []),
    doneCells: json(row.done_cells, []),
    versionSpec: json(row.version_spec, {} as any),
    stableSpecs: json(row.stable_specs, {}),
    reason: row.reason ?? undefined,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    finishedAt: num(row.finished_at),
    driverId: row.driver_id ?? undefined,
    leaseExpiresAt: num(row.lease_expires_at),
    steps: stepRows
      .filter(s => s.release_id === row.id)
      .map(s => ({
        index: Number(s.idx),
        plan: json(s.plan, {} as any),
        state: s.state,
        attempt: Number(s.attempt),
        startedAt: num(s.started_at),
        finishedAt: num(s.finished_at),
        deadlineAt: num(s.deadline_at),
        readyAt: num(s.ready_at),
        targets: json(s.targets, undefined),
        applied: json(s.applied, []),
        baseline: json(s.baseline, {}),
        gates: json(s.gates, []),
        promoted: Boolean(s.promoted),
      })),
  }));
}

/** A timeline event row as the API's event. */
export function toStoredEvent(row: any): StoredReleaseEvent {
  return {
    id: Number(row.id),
    releaseId: row.release_id,
    at: new Date(Number(row.at)).toISOString(),
    step: num(row.step),
    cell: row.cell ?? undefined,
    type: row.type,
    message: row.message,
    actor: row.actor ?? undefined,
    driverId: row.driver_id ?? undefined,
  };
}

/** The step columns a transition sets (JSON columns serialized; undefined: left as is). */
export function stepColumns(set: StepChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (column: string, value: unknown) => {
    if (value !== undefined) {
      out[column] = value;
    }
  };
  put('state', set.state);
  put('attempt', set.attempt);
  put('started_at', set.startedAt);
  put('finished_at', set.finishedAt);
  put('deadline_at', set.deadlineAt);
  put('ready_at', set.readyAt);
  put(
    'targets',
    set.targets === null ? null : set.targets && JSON.stringify(set.targets),
  );
  put('applied', set.applied && JSON.stringify(set.applied));
  put('baseline', set.baseline && JSON.stringify(set.baseline));
  put('gates', set.gates && JSON.stringify(set.gates));
  put('promoted', set.promoted);
  return out;
}

/**
 * Appends timeline events one by one (a deduplicated event must not drop the others of a
 * multi-row insert); an event whose dedupe key was recorded before is ignored.
 */
export async function insertEvents(
  db: Knex | Knex.Transaction,
  releaseId: string,
  now: number,
  events: ReleaseEventInput[],
  driverId?: string,
) {
  for (const event of events) {
    // one by one: a deduplicated event must not drop the others of a multi-row insert
    await db(T.events)
      .insert({
        release_id: releaseId,
        at: now,
        step: event.step ?? null,
        cell: event.cell ?? null,
        type: event.type,
        message: event.message,
        actor: event.actor ?? null,
        driver_id: driverId ?? null,
        dedupe_key: event.dedupeKey ? `${releaseId}:${event.dedupeKey}` : null,
      })
      .onConflict('dedupe_key')
      .ignore();
  }
}
