import {
  CellsOperationsDay,
  CellsOperationsReport,
} from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { RELEASE_TABLES } from '../../database/releaseMigrations';
import { QUOTA_TABLES } from '../quota/quotaMigrations';

const DAY_MS = 86_400_000;

/**
 * A version deploy or a scaling, recorded for the admin view.
 *
 * @public
 */
export interface RecordedOperation {
  kind: 'deploy' | 'scale';
  app: string;
  version?: string;
  cell?: string;
  actor: string;
}

/**
 * Records operations for the admin view.
 *
 * @public
 */
export interface OperationRecorder {
  record(op: RecordedOperation): Promise<void>;
}

/** `YYYY-MM-DD` of a time (UTC). */
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Operations per day from the plugin's durable records: version deploys and scalings from its
 * operations table, releases (by start) and rollbacks (releases ended `rolled-back`, by end) from
 * the release table; the latest failed releases.
 *
 * @public
 */
export class OperationsReport implements OperationRecorder {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a deploy or a scaling (once it succeeded). */
  async record(op: RecordedOperation): Promise<void> {
    await this.knex(QUOTA_TABLES.operations).insert({
      at: this.now(),
      kind: op.kind,
      app: op.app,
      version: op.version ?? null,
      cell: op.cell ?? null,
      actor: op.actor,
    });
  }

  /** The last `days` days (UTC, today included), oldest first, every day present. */
  async report(days: number): Promise<CellsOperationsReport> {
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    const since = today - (days - 1) * DAY_MS;
    const byDate = new Map<string, CellsOperationsDay>();
    for (let t = since; t <= today; t += DAY_MS) {
      const date = dateOf(t);
      byDate.set(date, { date, deploys: 0, releases: 0, rollbacks: 0, scalings: 0 });
    }
    const count = (ms: unknown, key: keyof Omit<CellsOperationsDay, 'date'>) => {
      const day = byDate.get(dateOf(Number(ms)));
      if (day) day[key]++;
    };
    const ops = await this.knex(QUOTA_TABLES.operations)
      .where('at', '>=', since)
      .select('at', 'kind');
    for (const op of ops) {
      count(op.at, op.kind === 'scale' ? 'scalings' : 'deploys');
    }
    const started = await this.knex(RELEASE_TABLES.releases)
      .where('created_at', '>=', since)
      .pluck('created_at');
    for (const at of started) count(at, 'releases');
    const rolledBack = await this.knex(RELEASE_TABLES.releases)
      .where({ state: 'rolled-back' })
      .where('finished_at', '>=', since)
      .pluck('finished_at');
    for (const at of rolledBack) count(at, 'rollbacks');

    const failed = await this.knex(RELEASE_TABLES.releases)
      .whereIn('state', ['rolled-back', 'failed'])
      .whereNotNull('finished_at')
      .orderBy('finished_at', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .select('id', 'app', 'version', 'finished_at', 'reason', 'created_by');
    return {
      days: [...byDate.values()],
      failedReleases: failed.map(r => ({
        app: r.app,
        releaseId: r.id,
        version: r.version,
        failedAt: new Date(Number(r.finished_at)).toISOString(),
        reason: r.reason ?? '',
        startedBy: r.created_by,
      })),
    };
  }
}
