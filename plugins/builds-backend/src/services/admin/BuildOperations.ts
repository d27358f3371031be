/**
 * The admin view's build figures: builds started per day (and how many of them failed) over the
 * last N days, and the latest failed builds, counted from the builds table.
 */
import type {
  BuildDay,
  BuildOperationsReport,
  FailedBuild,
} from '@cellport/plugin-builds-common';
import { Knex } from 'knex';

const DAY_MS = 86_400_000;
/** How many failed builds the view lists. */
const FAILED_LIMIT = 20;

const toDate = (value: unknown): Date =>
  value instanceof Date ? value : new Date(value as string | number);

/**
 * The `YYYY-MM-DD` UTC dates of the last `days` days, oldest first, ending with `now`'s day.
 *
 * @public
 */
export function lastDays(days: number, now: Date): string[] {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/**
 * Reads the admin view's build operations.
 *
 * @public
 */
export class BuildOperations {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read(days: number): Promise<BuildOperationsReport> {
    const dates = lastDays(days, this.now());
    const since = new Date(`${dates[0]}T00:00:00.000Z`);
    const rows: Array<{ created_at: unknown; state: string }> = await this.db(
      'builds',
    )
      .where('created_at', '>=', since)
      .select('created_at', 'state');
    const byDate = new Map<string, BuildDay>(
      dates.map(date => [date, { date, builds: 0, failed: 0 }]),
    );
    for (const row of rows) {
      const day = byDate.get(toDate(row.created_at).toISOString().slice(0, 10));
      if (!day) continue;
      day.builds += 1;
      if (row.state === 'failed') day.failed += 1;
    }
    const failed = await this.db('builds')
      .where({ state: 'failed' })
      .orderByRaw('coalesce(finished_at, created_at) desc')
      .limit(FAILED_LIMIT)
      .select(
        'config',
        'number',
        'finished_at',
        'created_at',
        'failed_step',
        'reason',
        'created_by',
      );
    return {
      days: [...byDate.values()],
      failedBuilds: failed.map((r): FailedBuild => ({
        config: r.config,
        number: Number(r.number),
        failedAt: toDate(r.finished_at ?? r.created_at).toISOString(),
        ...(r.failed_step ? { step: r.failed_step } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        startedBy: r.created_by,
      })),
    };
  }
}
