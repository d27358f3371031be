import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StoredReleaseEvent,
} from './ReleaseRecords';
import {
  applyReleaseMigrations,
  RELEASE_TABLES as T,
} from './releaseMigrations';
import {
  insertEvents,
  releaseRows,
  toReleaseRecords,
  toStoredEvent,
} from './releaseRows';
import { ReleaseStore, ReleaseTransition } from './ReleaseStore';
import { applyTransition } from './releaseTransition';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(e?.message ?? '')
  );
}

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
        const rows = releaseRows(record);
        await tx(T.releases).insert(rows.release);
        await tx(T.steps).insert(rows.steps);
        await insertEvents(tx, record.id, record.createdAt, events);
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
    options: { limit?: number; before?: { createdAt: number; id: string } } = {},
  ): Promise<ReleaseRecord[]> {
    const { before } = options;
    let query = this.knex(T.releases).where({ app });
    if (before) {
      query = query.andWhere(q =>
        q
          .where('created_at', '<', before.createdAt)
          .orWhere(same =>
            same
              .where('created_at', before.createdAt)
              .andWhere('id', '<', before.id),
          ),
      );
    }
    const rows = await query
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
    return rows.map(toStoredEvent);
  }

  async transition(t: ReleaseTransition): Promise<boolean> {
    return applyTransition(this.knex, t);
  }

  async appendEvents(
    releaseId: string,
    now: number,
    events: ReleaseEventInput[],
    driverId?: string,
  ): Promise<void> {
    await insertEvents(this.knex, releaseId, now, events, driverId);
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
    return toReleaseRecords(rows, stepRows);
  }
}
