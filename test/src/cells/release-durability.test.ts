/*
 * Releases survive their backend and share the work between backends: REAL cells backends on one
 * PostgreSQL database (a fresh one per test, given to every backend as `backend.database`) drive
 * two simulated cells.
 *
 * (a) The backend driving a release stops in the middle of a step; a second backend on the same
 *     database takes the release over and finishes it, and the timeline has every step started
 *     and passed exactly once.
 * (b) Two backends run at the same time with three releases: each release is driven by exactly one
 *     of them from start to end, both drive (each takes at most two releases), all succeed.
 *
 * PostgreSQL comes from BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING; without it the
 * test fails under CI and is skipped otherwise.
 */
import { Release } from '@cellport/plugin-cells-common';
import { CellsApi, countEvents, DrivenReleaseEvent, versionSpec } from './api';
import {
  CellsBackend,
  createPostgresDatabase,
  postgresConnectionString,
  startCells,
  startCellsBackend,
  TestCells,
  TestPostgresDatabase,
} from './harness';
import { startSampler } from './traffic';

jest.setTimeout(300_000);

const PG = postgresConnectionString();
if (!PG && process.env.CI) {
  throw new Error(
    'CI requires PostgreSQL for the release durability test: set BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING',
  );
}
const describePg = PG ? describe : describe.skip;

const [A, B] = ['du-1', 'du-2'];

/** The driver ids of the events, in timeline order, one entry per run of equal ids. */
function driverRuns(events: DrivenReleaseEvent[]): string[] {
  const runs: string[] = [];
  for (const e of events) {
    if (e.driverId && runs[runs.length - 1] !== e.driverId) {
      runs.push(e.driverId);
    }
  }
  return runs;
}

describePg(
  'releases across backend restarts and backend replicas (PostgreSQL)',
  () => {
    let cells: TestCells;
    const databases: TestPostgresDatabase[] = [];
    const backends: CellsBackend[] = [];

    /** A backend on `db` with fast driver ticks and short leases. */
    const backendOn = async (db: TestPostgresDatabase, releases = {}) => {
      const backend = await startCellsBackend({
        regions: cells.regions,
        database: db.backendConfig,
        cells: {
          releases: { tickIntervalMs: 250, leaseSeconds: 3, ...releases },
        },
      });
      backends.push(backend);
      return backend;
    };

    const newDatabase = async () => {
      const db = await createPostgresDatabase(PG!);
      databases.push(db);
      return db;
    };

    beforeAll(async () => {
      cells = await startCells('du', [A, B]);
    });

    afterAll(async () => {
      for (const backend of backends) {
        await backend.stop();
      }
      for (const db of databases) {
        await db.drop();
      }
      await cells?.stop();
    });

    it('(a) a second backend takes over a release whose backend stopped mid-step, and finishes it', async () => {
      const db = await newDatabase();
      const first = await backendOn(db);
      const app = 'restart';
      await first.api.createAppWithVersion(app, [A, B], 'v1', 2);
      await first.api.expect(201, 'POST', `/apps/${app}/versions`, {
        name: 'v2',
        // its pods take a while to get Ready: the step is still under way when the backend stops
        spec: versionSpec(
          { [A]: 2, [B]: 2 },
          { SIM_READY_AFTER_MS: '3000' },
          'example/shop:2.0.0',
        ),
      });
      const started = await first.api.startRelease(app, {
        version: 'v2',
        steps: [
          {
            cells: [A],
            canary: { replicas: 1 },
            readyDeadlineSeconds: 120,
            bakeSeconds: 3600,
          },
          {
            cells: [A, B],
            canary: { percent: 100 },
            readyDeadlineSeconds: 120,
          },
        ],
      });
      await first.api.waitForRelease(app, started.id, 'step 1 under way', r =>
        ['progressing', 'baking'].includes(r.steps[0].state),
      );
      await first.stop();

      const second = await backendOn(db);
      const api = second.api;
      // the release is as the first backend left it; the second one drives it on
      const taken = await api.getRelease(app, started.id);
      expect(taken.state).toBe('running');
      expect(['progressing', 'baking']).toContain(taken.steps[0].state);
      await api.waitForRelease(
        app,
        started.id,
        'step 1 baking',
        r => r.steps[0].state === 'baking',
      );
      // the hour-long bake is cut short by a Master
      await api.act(app, started.id, { action: 'promote' });
      const done = await api.waitForRelease(app, started.id);
      expect({ state: done.state, reason: done.reason }).toEqual({
        state: 'succeeded',
        reason: undefined,
      });
      expect(done.steps.map(s => s.state)).toEqual(['succeeded', 'succeeded']);

      const events = await api.releaseEvents(app, started.id);
      for (const step of [0, 1]) {
        expect({
          step,
          started: countEvents(events, 'step-started', step),
        }).toEqual({ step, started: 1 });
        expect({
          step,
          succeeded: countEvents(events, 'step-succeeded', step),
        }).toEqual({ step, succeeded: 1 });
      }
      expect(countEvents(events, 'cell-applied', 0)).toBe(1);
      expect(countEvents(events, 'cell-applied', 1)).toBe(2);
      expect(countEvents(events, 'succeeded')).toBe(1);
      // the first backend drove the start of step 1, the second everything after: one hand-over
      const runs = driverRuns(events);
      expect(runs).toHaveLength(2);
      const [firstDriver, secondDriver] = runs;
      expect(
        events.find(e => e.type === 'step-started' && e.step === 0)!.driverId,
      ).toBe(firstDriver);
      expect(
        events.find(e => e.type === 'step-started' && e.step === 1)!.driverId,
      ).toBe(secondDriver);
      expect(events.find(e => e.type === 'succeeded')!.driverId).toBe(
        secondDriver,
      );

      for (const cell of [A, B]) {
        expect(await cells.deployments(cell, app)).toEqual([`${app}-v2`]);
      }
      const overview = await api.overview(app);
      expect(
        overview.cells.map(c => c.versions.map(v => [v.version, v.ready])),
      ).toEqual([[['v2', 2]], [['v2', 2]]]);
    });

    it('(b) two backends at once: each release is driven by exactly one of them, both drive, all succeed', async () => {
      const db = await newDatabase();
      // at most two releases per driver: three releases need both
      const one = await backendOn(db, { maxReleasesPerDriver: 2 });
      const two = await backendOn(db, { maxReleasesPerDriver: 2 });
      const apps = ['multi-a', 'multi-b', 'multi-c'];
      const apiFor = (i: number): CellsApi => (i % 2 === 0 ? one.api : two.api);

      for (const [i, app] of apps.entries()) {
        await apiFor(i).createAppWithVersion(app, [A, B], 'v1', 1);
        await apiFor(i + 1).expect(201, 'POST', `/apps/${app}/versions`, {
          name: 'v2',
          spec: versionSpec({ [A]: 1, [B]: 1 }, {}, 'example/shop:2.0.0'),
        });
      }
      // both backends answer throughout
      const alive = startSampler(async () => {
        const answers = await Promise.all(
          [one, two].map(b => b.api.call('GET', '/apps')),
        );
        return answers.map(a => a.status);
      }, 500);

      let releases: Release[];
      try {
        const started: Release[] = [];
        for (const [i, app] of apps.entries()) {
          started.push(
            await apiFor(i).startRelease(app, {
              version: 'v2',
              steps: [
                {
                  cells: [A],
                  canary: { replicas: 1 },
                  readyDeadlineSeconds: 120,
                  bakeSeconds: 3,
                },
                {
                  cells: [A, B],
                  canary: { percent: 100 },
                  readyDeadlineSeconds: 120,
                },
              ],
            }),
          );
        }
        releases = await Promise.all(
          started.map((r, i) => apiFor(i + 1).waitForRelease(r.app, r.id)),
        );
      } finally {
        await alive.stop();
      }

      expect(
        releases.map(r => ({ app: r.app, state: r.state, reason: r.reason })),
      ).toEqual(
        apps.map(app => ({ app, state: 'succeeded', reason: undefined })),
      );
      const drivers = new Set<string>();
      for (const r of releases) {
        const events = await one.api.releaseEvents(r.app, r.id);
        const ids = [
          ...new Set(events.filter(e => e.driverId).map(e => e.driverId!)),
        ];
        expect({ app: r.app, drivers: ids.length }).toEqual({
          app: r.app,
          drivers: 1,
        });
        ids.forEach(id => drivers.add(id));
        for (const step of [0, 1]) {
          expect(countEvents(events, 'step-started', step)).toBe(1);
          expect(countEvents(events, 'step-succeeded', step)).toBe(1);
        }
      }
      expect(drivers.size).toBe(2);
      expect(alive.errors).toEqual([]);
      expect(alive.samples.length).toBeGreaterThan(3);
      expect(alive.samples.filter(s => s.value.some(st => st !== 200))).toEqual(
        [],
      );
      for (const app of apps) {
        for (const cell of [A, B]) {
          expect(await cells.deployments(cell, app)).toEqual([`${app}-v2`]);
        }
        expect((await two.api.getApp(app)).currentVersion).toBe('v2');
      }
    });
  },
);
