import { createCellportTestDatabases } from '@cellport/test-utils';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { ReleaseRecord } from './ReleaseRecords';
import { KnexReleaseStore } from './KnexReleaseStore';
import {
  RELEASE_MIGRATIONS_TABLE,
  rollbackReleaseMigrations,
} from './releaseMigrations';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();

function record(id: string, app = 'shop', createdAt = 1000): ReleaseRecord {
  const spec = versionSpecSchema.parse({ image: 'x', replicas: { a: 1 } });
  return {
    id,
    app,
    version: 'v2',
    state: 'running',
    onFailure: 'rollback',
    currentStep: 0,
    fromVersions: { a: 'v1' },
    skippedCells: [],
    doneCells: [],
    versionSpec: spec,
    stableSpecs: { v1: spec },
    createdBy: 'user:default/alice',
    createdAt,
    updatedAt: createdAt,
    steps: [
      {
        index: 0,
        plan: {
          cells: ['a'],
          canary: { percent: 100 },
          readyDeadlineSeconds: 60,
          noRestarts: true,
          metrics: [],
          bakeSeconds: 0,
          approval: 'auto',
        },
        state: 'pending',
        attempt: 0,
        applied: [],
        baseline: {},
        gates: [],
        promoted: false,
      },
    ],
  };
}

describe('KnexReleaseStore', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: KnexReleaseStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await KnexReleaseStore.create({ knex });
    });

    it('migrates with its own migrations table, idempotently and reversibly', async () => {
      expect(await knex.schema.hasTable(RELEASE_MIGRATIONS_TABLE)).toBe(true);
      await KnexReleaseStore.create({ knex });
      const rows = await knex(RELEASE_MIGRATIONS_TABLE).select('name');
      expect(rows.map(r => r.name)).toEqual(['20260501000000_releases_init']);
      await rollbackReleaseMigrations(knex);
      expect(await knex.schema.hasTable('cells_releases')).toBe(false);
    });

    it('round-trips a release and keeps one live release per app in the database', async () => {
      await store.createRelease(record('r1'), [
        { type: 'started', message: 'go' },
      ]);
      const read = await store.getRelease('r1');
      expect(read).toEqual({
        ...record('r1'),
        reason: undefined,
        finishedAt: undefined,
        driverId: undefined,
        leaseExpiresAt: undefined,
      });
      await expect(store.createRelease(record('r2'), [])).rejects.toMatchObject(
        {
          name: 'ConflictError',
          message: expect.stringContaining('r1'),
        },
      );
      await store.createRelease(record('r3', 'cart'), []);
      // once final, the app is free again
      expect(
        await store.transition({
          releaseId: 'r1',
          now: 2000,
          release: { state: 'succeeded' },
        }),
      ).toBe(true);
      expect((await store.getRelease('r1'))!.finishedAt).toBe(2000);
      await store.createRelease(record('r2', 'shop', 3000), []);
      expect((await store.listReleases('shop')).map(r => r.id)).toEqual([
        'r2',
        'r1',
      ]);
      expect((await store.getLiveRelease('shop'))!.id).toBe('r2');
    });

    it('forgets the final releases of a deleted app, never a live one or another app', async () => {
      await store.createRelease(record('r1'), [
        { type: 'started', message: 'go' },
      ]);
      await store.transition({
        releaseId: 'r1',
        now: 2000,
        release: { state: 'rolled-back' },
      });
      await store.createRelease(record('r2', 'shop', 3000), [
        { type: 'started', message: 'again' },
      ]);
      await store.createRelease(record('r3', 'cart'), []);
      await store.transition({
        releaseId: 'r3',
        now: 2000,
        release: { state: 'succeeded' },
      });
      expect(await store.deleteFinalReleases('shop')).toBe(1);
      expect(await store.getRelease('r1')).toBeUndefined();
      expect(await store.listEvents('r1')).toEqual([]);
      expect(
        await knex('cells_release_steps').where({ release_id: 'r1' }),
      ).toEqual([]);
      expect((await store.getRelease('r2'))!.state).toBe('running');
      expect(await store.listEvents('r2')).toHaveLength(1);
      expect((await store.getRelease('r3'))!.state).toBe('succeeded');
    });

    it('lists releases newest first a page at a time, ties on the creation time by id', async () => {
      const made: Array<[string, number]> = [
        ['r1', 1000],
        ['r2', 2000],
        ['r3', 2000],
        ['r4', 2000],
        ['r5', 3000],
      ];
      for (const [id, at] of made) {
        await store.createRelease(
          { ...record(id, 'shop', at), state: 'succeeded' },
          [],
        );
      }
      await store.createRelease(record('other', 'cart', 2500), []);
      const pages: string[][] = [];
      let before: { createdAt: number; id: string } | undefined;
      for (let i = 0; i < 5; i++) {
        const rows = await store.listReleases('shop', { limit: 2, before });
        pages.push(rows.map(r => r.id));
        if (rows.length < 2) break;
        const last = rows[rows.length - 1];
        before = { createdAt: last.createdAt, id: last.id };
      }
      expect(pages).toEqual([['r5', 'r4'], ['r3', 'r2'], ['r1']]);
    });

    it('writes a transition only when every expectation holds, events and all', async () => {
      await store.createRelease(record('r1'), []);
      const start = {
        releaseId: 'r1',
        now: 2000,
        expectState: ['running' as const],
        step: {
          index: 0,
          expectState: ['pending' as const],
          expectAttempt: 0,
          set: { state: 'progressing' as const, startedAt: 2000 },
        },
        events: [
          {
            type: 'step-started',
            step: 0,
            message: 'started',
            dedupeKey: 'step-started:0:0',
          },
        ],
      };
      expect(await store.transition(start)).toBe(true);
      // the same transition again (a re-run tick): nothing written
      expect(await store.transition(start)).toBe(false);
      // a release guard that holds with a step guard that fails undoes the release change
      expect(
        await store.transition({
          ...start,
          release: { reason: 'should not stay' },
        }),
      ).toBe(false);
      const read = await store.getRelease('r1');
      expect(read!.reason).toBeUndefined();
      expect(read!.steps[0]).toMatchObject({
        state: 'progressing',
        startedAt: 2000,
      });
      expect((await store.listEvents('r1')).map(e => e.type)).toEqual([
        'step-started',
      ]);
      // a deduplicated event is recorded once even when appended again
      await store.appendEvents('r1', 3000, [
        {
          type: 'step-started',
          step: 0,
          message: 'again',
          dedupeKey: 'step-started:0:0',
        },
        { type: 'note', message: 'kept' },
      ]);
      expect((await store.listEvents('r1')).map(e => e.message)).toEqual([
        'started',
        'kept',
      ]);
      // the driver fence: only the lease holder writes
      expect(
        await store.transition({
          releaseId: 'r1',
          now: 4000,
          driverId: 'd1',
          release: { reason: 'x' },
        }),
      ).toBe(false);
    });

    it('leases live releases to one driver until the lease expires or is given up', async () => {
      await store.createRelease(record('r1'), []);
      await store.createRelease(record('r2', 'cart', 1001), []);
      await store.createRelease(record('r3', 'pay', 1002), []);
      expect(
        await store.claim({
          driverId: 'd1',
          now: 10_000,
          leaseMs: 15_000,
          max: 2,
        }),
      ).toEqual(['r1', 'r2']);
      expect(
        await store.claim({
          driverId: 'd2',
          now: 11_000,
          leaseMs: 15_000,
          max: 5,
        }),
      ).toEqual(['r3']);
      // renewal keeps d1's leases past their first expiry
      expect(
        await store.claim({
          driverId: 'd1',
          now: 20_000,
          leaseMs: 15_000,
          max: 2,
        }),
      ).toEqual(['r1', 'r2']);
      expect(
        await store.claim({
          driverId: 'd2',
          now: 30_000,
          leaseMs: 15_000,
          max: 5,
        }),
      ).toEqual(['r3']);
      // d1 stops renewing: d2 takes over after expiry
      expect(
        (
          await store.claim({
            driverId: 'd2',
            now: 36_000,
            leaseMs: 15_000,
            max: 5,
          })
        ).sort(),
      ).toEqual(['r1', 'r2', 'r3']);
      expect(
        await store.claim({
          driverId: 'd1',
          now: 36_500,
          leaseMs: 15_000,
          max: 5,
        }),
      ).toEqual([]);
      await store.releaseLeases('d2');
      expect((await store.getRelease('r1'))!.driverId).toBeUndefined();
      // final releases are never claimed
      await store.transition({
        releaseId: 'r1',
        now: 37_000,
        release: { state: 'rolled-back' },
      });
      expect(
        (
          await store.claim({
            driverId: 'd1',
            now: 37_000,
            leaseMs: 15_000,
            max: 5,
          })
        ).sort(),
      ).toEqual(['r2', 'r3']);
    });
  });
});
