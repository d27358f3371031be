import { ConflictError } from '@backstage/errors';
import {
  FINAL_RELEASE_STATES,
  GateStatus,
  ReleaseState,
  StepState,
} from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StepRecord,
  StoredReleaseEvent,
} from './ReleaseRecords';
import { applyReleaseMigrations, RELEASE_TABLES } from './releaseMigrations';

/**
 * The step columns a transition may set.
 *
 * @public
 */
export type StepChanges = Partial<
  Pick<
    StepRecord,
    'state' | 'attempt' | 'applied' | 'baseline' | 'gates' | 'promoted'
  > & {
    targets: Record<string, number> | null;
    startedAt: number | null;
    finishedAt: number | null;
    deadlineAt: number | null;
    readyAt: number | null;
  }
>;

/**
 * A guarded change of a release (and at most one of its steps) with the timeline events it
 * causes, written in one transaction only when every expectation holds, so that a re-run tick,
 * a second driver or a concurrent user action can never write the same transition twice.
 *
 * @public
 */
export interface ReleaseTransition {
  releaseId: string;
  now: number;
  /** The release must be in one of these states. */
  expectState?: ReleaseState[];
  /** The release must be at this step. */
  expectCurrentStep?: number;
  /** The release must be leased by this driver (fencing); recorded on the events. */
  driverId?: string;
  /** Compare-and-set of the done cells. */
  expectDoneCells?: string[];
  /** Compare-and-set of the skipped cells. */
  expectSkippedCells?: string[];
  release?: Partial<{
    state: ReleaseState;
    currentStep: number;
    skippedCells: string[];
    doneCells: string[];
    reason: string | null;
  }>;
  step?: {
    index: number;
    expectState?: StepState[];
    expectAttempt?: number;
    /** Compare-and-set of the applied cells. */
    expectApplied?: string[];
    /** Compare-and-set of the gates. */
    expectGates?: GateStatus[];
    set: StepChanges;
  };
  events?: ReleaseEventInput[];
}

/**
 * Releases, their steps and timelines, in the plugin database.
 *
 * @public
 */
export interface ReleaseStore {
  /** Inserts a live release; ConflictError naming the live release when the app has one. */
  createRelease(
    record: ReleaseRecord,
    events: ReleaseEventInput[],
  ): Promise<void>;
  getRelease(id: string): Promise<ReleaseRecord | undefined>;
  /** The app's releases, newest first. */
  listReleases(
    app: string,
    options?: { limit?: number },
  ): Promise<ReleaseRecord[]>;
  /** The app's live release, if any. */
  getLiveRelease(app: string): Promise<ReleaseRecord | undefined>;
  /** Every live release (of every app). */
  listLiveReleases(): Promise<ReleaseRecord[]>;
  /** The timeline, oldest first; `after` an event id for the events since. */
  listEvents(
    releaseId: string,
    options?: { after?: number },
  ): Promise<StoredReleaseEvent[]>;
  /**
   * Forgets the final releases of an app (steps and timeline included), once the app is deleted;
   * a live release is never removed. The number of releases removed.
   */
  deleteFinalReleases(app: string): Promise<number>;
  /** Applies a guarded transition; false (nothing written) when an expectation failed. */
  transition(transition: ReleaseTransition): Promise<boolean>;
  /** Appends events outside of a transition (dedupe keys still apply). */
  appendEvents(
    releaseId: string,
    now: number,
    events: ReleaseEventInput[],
    driverId?: string,
  ): Promise<void>;
  /**
   * Renews the driver's leases and claims live releases whose lease expired (or that have none),
   * up to `max` in all; the ids of every live release the driver now holds.
   */
  claim(options: {
    driverId: string;
    now: number;
    leaseMs: number;
    max: number;
  }): Promise<string[]>;
  /** Gives up the driver's leases (on stop), so that another driver takes over at once. */
  releaseLeases(driverId: string): Promise<void>;
}

const T = RELEASE_TABLES;

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

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(e?.message ?? '')
  );
}

/** Thrown inside a transition's transaction to roll it back when a step expectation fails. */
const GUARD_FAILED = new Error('release transition guard failed');

const isFinal = (state: ReleaseState) => FINAL_RELEASE_STATES.includes(state);

/**
 * The {@link ReleaseStore} on knex (SQLite or PostgreSQL). One live release per app is enforced
 * by a unique index on `live_app` (set while live, null once final).
 *
 * @public
 */
export class KnexReleaseStore implements ReleaseStore {
  /** Migrates the release tables (unless `skipMigrations`) and returns the store. */
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<KnexReleaseStore> {
    if (!options.skipMigrations) {
      await applyReleaseMigrations(options.knex);
    }
    return new KnexReleaseStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async createRelease(
    record: ReleaseRecord,
    events: ReleaseEventInput[],
  ): Promise<void> {
    try {
      await this.knex.transaction(async tx => {
        await tx(T.releases).insert({
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
          live_app: isFinal(record.state) ? null : record.app,
        });
        await tx(T.steps).insert(
          record.steps.map(step => ({
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
        );
        await this.insertEvents(tx, record.id, record.createdAt, events);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const live = await this.getLiveRelease(record.app);
      throw new ConflictError(
        live
          ? `Release ${live.id} (version ${live.version}) is ${live.state} for app '${record.app}': finish or abort it first`
          : `A release is already live for app '${record.app}'`,
      );
    }
  }

  async getRelease(id: string): Promise<ReleaseRecord | undefined> {
    const row = await this.knex(T.releases).where({ id }).first();
    if (!row) {
      return undefined;
    }
    const [record] = await this.withSteps([row]);
    return record;
  }

  async listReleases(
    app: string,
    options: { limit?: number } = {},
  ): Promise<ReleaseRecord[]> {
    const rows = await this.knex(T.releases)
      .where({ app })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit ?? 50);
    return this.withSteps(rows);
  }

  async getLiveRelease(app: string): Promise<ReleaseRecord | undefined> {
    const row = await this.knex(T.releases).where({ live_app: app }).first();
    if (!row) {
      return undefined;
    }
    const [record] = await this.withSteps([row]);
    return record;
  }

  async listLiveReleases(): Promise<ReleaseRecord[]> {
    const rows = await this.knex(T.releases)
      .whereNotNull('live_app')
      .orderBy('app', 'asc');
    return this.withSteps(rows);
  }

  async listEvents(
    releaseId: string,
    options: { after?: number } = {},
  ): Promise<StoredReleaseEvent[]> {
    const query = this.knex(T.events)
      .where({ release_id: releaseId })
      .orderBy('id', 'asc');
    if (options.after !== undefined) {
      query.where('id', '>', options.after);
    }
    const rows = await query;
    return rows.map(row => ({
      id: Number(row.id),
      releaseId: row.release_id,
      at: new Date(Number(row.at)).toISOString(),
      step: num(row.step),
      cell: row.cell ?? undefined,
      type: row.type,
      message: row.message,
      actor: row.actor ?? undefined,
      driverId: row.driver_id ?? undefined,
    }));
  }

  async transition(t: ReleaseTransition): Promise<boolean> {
    return this.knex
      .transaction(async tx => {
        const releaseQuery = tx(T.releases).where({ id: t.releaseId });
        if (t.expectState) {
          releaseQuery.whereIn('state', t.expectState);
        }
        if (t.expectCurrentStep !== undefined) {
          releaseQuery.where({ current_step: t.expectCurrentStep });
        }
        if (t.driverId) {
          releaseQuery.where({ driver_id: t.driverId });
        }
        if (t.expectDoneCells) {
          releaseQuery.where({ done_cells: JSON.stringify(t.expectDoneCells) });
        }
        if (t.expectSkippedCells) {
          releaseQuery.where({
            skipped_cells: JSON.stringify(t.expectSkippedCells),
          });
        }
        const r = t.release ?? {};
        const releaseSet: Record<string, unknown> = { updated_at: t.now };
        if (r.state !== undefined) {
          releaseSet.state = r.state;
          if (isFinal(r.state)) {
            releaseSet.live_app = null;
            releaseSet.finished_at = t.now;
          }
        }
        if (r.currentStep !== undefined) {
          releaseSet.current_step = r.currentStep;
        }
        if (r.skippedCells !== undefined) {
          releaseSet.skipped_cells = JSON.stringify(r.skippedCells);
        }
        if (r.doneCells !== undefined) {
          releaseSet.done_cells = JSON.stringify(r.doneCells);
        }
        if (r.reason !== undefined) {
          releaseSet.reason = r.reason;
        }
        const updated = await releaseQuery.update(releaseSet);
        if (updated !== 1) {
          return false;
        }
        if (t.step) {
          const s = t.step;
          const stepQuery = tx(T.steps).where({
            release_id: t.releaseId,
            idx: s.index,
          });
          if (s.expectState) {
            stepQuery.whereIn('state', s.expectState);
          }
          if (s.expectAttempt !== undefined) {
            stepQuery.where({ attempt: s.expectAttempt });
          }
          if (s.expectApplied) {
            stepQuery.where({ applied: JSON.stringify(s.expectApplied) });
          }
          if (s.expectGates) {
            stepQuery.where({ gates: JSON.stringify(s.expectGates) });
          }
          const columns = stepColumns(s.set);
          // a guard-only step check needs no lock of its own: every transition of a release
          // updates (and so locks) the release row first
          const stepUpdated = Object.keys(columns).length
            ? await stepQuery.update(columns)
            : (await stepQuery.select('idx')).length;
          if (stepUpdated !== 1) {
            throw GUARD_FAILED; // undoes the release update
          }
        }
        await this.insertEvents(
          tx,
          t.releaseId,
          t.now,
          t.events ?? [],
          t.driverId,
        );
        return true;
      })
      .catch(error => {
        if (error === GUARD_FAILED) {
          return false;
        }
        throw error;
      });
  }

  async appendEvents(
    releaseId: string,
    now: number,
    events: ReleaseEventInput[],
    driverId?: string,
  ): Promise<void> {
    await this.insertEvents(this.knex, releaseId, now, events, driverId);
  }

  async claim(options: {
    driverId: string;
    now: number;
    leaseMs: number;
    max: number;
  }): Promise<string[]> {
    const { driverId, now, leaseMs, max } = options;
    const until = now + leaseMs;
    // renewal only succeeds while the row is still ours: a driver that lost its lease to another
    // one does not get it back
    await this.knex(T.releases)
      .where({ driver_id: driverId })
      .whereNotNull('live_app')
      .update({ lease_expires_at: until });
    const mine: string[] = (
      await this.knex(T.releases)
        .select('id')
        .where({ driver_id: driverId })
        .whereNotNull('live_app')
    ).map(row => row.id);
    if (mine.length >= max) {
      return mine;
    }
    const claimable = (query: Knex.QueryBuilder) =>
      query
        .whereNotNull('live_app')
        .where(q =>
          q.whereNull('driver_id').orWhere('lease_expires_at', '<', now),
        );
    const candidates: string[] = (
      await claimable(this.knex(T.releases).select('id'))
        .orderBy('created_at', 'asc')
        .limit(max - mine.length)
    ).map((row: { id: string }) => row.id);
    for (const id of candidates) {
      // the conditional UPDATE is the claim: of two drivers racing for a row, one wins
      const claimed = await claimable(
        this.knex(T.releases).where({ id }),
      ).update({ driver_id: driverId, lease_expires_at: until });
      if (claimed === 1) {
        mine.push(id);
      }
    }
    return mine;
  }

  async deleteFinalReleases(app: string): Promise<number> {
    return this.knex.transaction(async (tx): Promise<number> => {
      const ids = tx(T.releases)
        .select('id')
        .where({ app })
        .whereNull('live_app');
      await tx(T.events).whereIn('release_id', ids.clone()).delete();
      await tx(T.steps).whereIn('release_id', ids.clone()).delete();
      return tx(T.releases).where({ app }).whereNull('live_app').delete();
    });
  }

  async releaseLeases(driverId: string): Promise<void> {
    await this.knex(T.releases)
      .where({ driver_id: driverId })
      .whereNotNull('live_app')
      .update({ driver_id: null, lease_expires_at: null });
  }

  private async insertEvents(
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
          dedupe_key: event.dedupeKey
            ? `${releaseId}:${event.dedupeKey}`
            : null,
        })
        .onConflict('dedupe_key')
        .ignore();
    }
  }

  private async withSteps(rows: any[]): Promise<ReleaseRecord[]> {
    if (rows.length === 0) {
      return [];
    }
    const stepRows = await this.knex(T.steps)
      .whereIn(
        'release_id',
        rows.map(r => r.id),
      )
      .orderBy('idx', 'asc');
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
}

function stepColumns(set: StepChanges): Record<string, unknown> {
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
