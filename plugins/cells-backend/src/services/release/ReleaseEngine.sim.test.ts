import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { Release, versionSpecSchema } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { CellConfig } from '@cellport/plugin-cells-node';
import { KubeCellWorkloads } from '../kube/KubeCellWorkloads';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import {
  createReleaseServices,
  ReleaseServices,
} from './createReleaseServices';
import { eventually, inMemorySqlite } from '@cellport/test-utils';

jest.setTimeout(240_000);

const CELLS = ['rs-1', 'rs-2'];
const ALICE = 'user:default/alice';

const spec = (
  image: string,
  env: Array<{ name: string; value: string }> = [],
) =>
  versionSpecSchema.parse({
    image,
    replicas: { 'rs-1': 2, 'rs-2': 2 },
    env,
    healthCheck: { path: '/healthz', periodSeconds: 1 },
    resources: {
      requests: { cpu: '10m', memory: '16Mi' },
      limits: { cpu: '100m', memory: '64Mi' },
    },
  });

describe('releases against two simulated cells with KubeCellWorkloads', () => {
  let sim: Simulator;
  let knex: Knex;
  let workloads: KubeCellWorkloads;
  let appStore: KnexAppStore;
  let services: ReleaseServices;

  beforeAll(async () => {
    sim = await startSimulator({
      cells: CELLS.map(name => ({ name, region: 'dev', port: 0 })),
      timings: { crashLoopBackOffBaseMs: 1000 },
    });
    const cells: CellConfig[] = CELLS.map(name => ({
      name,
      region: 'dev',
      apiUrl: sim.cell(name).url,
      token: sim.cell(name).token,
      caData: sim.cell(name).caCert,
      skipTLSVerify: false,
      simulated: true,
    }));
    const logger = mockServices.logger.mock();
    workloads = KubeCellWorkloads.create({
      supplier: { getCells: async () => cells },
      logger,
      pollIntervalMs: 100,
    });
    knex = inMemorySqlite();
    await applyAppMigrations(knex);
    appStore = KnexAppStore.create({ knex });
    services = await createReleaseServices({
      knex,
      appStore,
      workloads,
      logger,
      config: new ConfigReader({
        cellport: { cells: { releases: { tickIntervalMs: 200 } } },
      }),
      driverId: 'sim-driver',
    });

    // the app serves v1 in both cells
    await appStore.createApp({
      name: 'shop',
      production: true,
      region: 'dev',
      cells: CELLS.map(cell => ({ cell, stableVersion: 'v1', drifted: false })),
      createdBy: ALICE,
    });
    const v1 = spec('example/shop:1.0.0');
    await appStore.createVersion({
      app: 'shop',
      name: 'v1',
      spec: v1,
      createdBy: ALICE,
    });
    for (const cell of CELLS) {
      await workloads.ensureApp(cell, { name: 'shop' });
      await workloads.applyVersion(cell, 'shop', { name: 'v1', spec: v1 }, 2);
    }
    await eventually('v1 ready', async () => {
      const statuses = await Promise.all(
        CELLS.map(cell => workloads.getVersionStatus(cell, 'shop', 'v1')),
      );
      return statuses.every(s => s?.ready === 2);
    });
    services.driver.start();
  });

  afterAll(async () => {
    await services?.driver.stop();
    await knex?.destroy();
    await sim?.stop();
  });

  const finished = (id: string) =>
    eventually(`release ${id} finished`, async () => {
      const r = await services.releases.get('shop', id);
      return ['succeeded', 'rolled-back', 'failed'].includes(r.state) && r;
    });

  /** Ready pods of a version per cell, sampled by the test while a release runs. */
  async function readyPods(version: string) {
    const out: Record<string, number> = {};
    for (const cell of CELLS) {
      const pods = await workloads.listPods(cell, 'shop', version);
      out[cell] = pods.filter(p => p.ready).length;
    }
    return out;
  }

  async function serves(version: string, cell: string) {
    const pods = (await workloads.listPods(cell, 'shop', version)).filter(
      p => p.ready,
    );
    const answers = await Promise.all(
      pods.map(async pod => (await fetch(`http://${pod.ip}:8080/`)).status),
    );
    return answers;
  }

  it('releases v2 over both cells: a 1-pod canary in rs-1, then 100%, and v1 leaves', async () => {
    await appStore.createVersion({
      app: 'shop',
      name: 'v2',
      spec: spec('example/shop:2.0.0'),
      createdBy: ALICE,
    });
    const started = await services.releases.start(
      'shop',
      {
        version: 'v2',
        steps: [
          {
            cells: ['rs-1'],
            canary: { replicas: 1 },
            readyDeadlineSeconds: 60,
            bakeSeconds: 5,
          },
          {
            cells: ['rs-1', 'rs-2'],
            canary: { percent: 100 },
            readyDeadlineSeconds: 60,
          },
        ],
      },
      ALICE,
    );
    // during the canary (observed while step 1 bakes), rs-2 is untouched and v1 keeps its pods
    const during = await eventually('canary baking', async () => {
      const before = await services.releases.get('shop', started.id);
      if (before.steps[0].state === 'succeeded') {
        throw new Error(
          'the canary step ended before the test could look at it',
        );
      }
      if (before.steps[0].state !== 'baking') {
        return false;
      }
      const seen = {
        canary: (await workloads.getVersionStatus('rs-1', 'shop', 'v2'))
          ?.desired,
        untouched: await workloads.getVersionStatus('rs-2', 'shop', 'v2'),
        stable: await readyPods('v1'),
      };
      const after = await services.releases.get('shop', started.id);
      return after.steps[0].state === 'baking' && seen;
    });
    expect(during).toEqual({
      canary: 1,
      untouched: undefined,
      stable: { 'rs-1': 2, 'rs-2': 2 },
    });

    const done: Release = await finished(started.id);
    expect(done.reason).toBeUndefined();
    expect(done.state).toBe('succeeded');
    expect(done.steps.map(s => s.state)).toEqual(['succeeded', 'succeeded']);
    for (const cell of CELLS) {
      expect(
        await workloads.getVersionStatus(cell, 'shop', 'v2'),
      ).toMatchObject({
        desired: 2,
        ready: 2,
      });
      expect(
        await workloads.getVersionStatus(cell, 'shop', 'v1'),
      ).toBeUndefined();
      expect(await serves('v2', cell)).toEqual([200, 200]);
    }
    const app = await appStore.getApp('shop');
    expect(app?.currentVersion).toBe('v2');
    expect(app?.cells.map(c => c.stableVersion)).toEqual(['v2', 'v2']);
  });

  it('a version that never gets Ready fails the readiness gate and rolls back; the stable keeps serving', async () => {
    await appStore.createVersion({
      app: 'shop',
      name: 'v3',
      spec: spec('example/shop:3.0.0', [
        { name: 'SIM_NEVER_READY', value: '1' },
      ]),
      createdBy: ALICE,
    });
    const started = await services.releases.start(
      'shop',
      {
        version: 'v3',
        steps: [
          { cells: ['rs-1'], canary: { replicas: 1 }, readyDeadlineSeconds: 5 },
          { cells: ['rs-1', 'rs-2'], canary: { percent: 100 } },
        ],
      },
      ALICE,
    );
    // the stable version's pods stay Ready and serve throughout
    let minStable = Infinity;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const ready = await readyPods('v2');
        minStable = Math.min(minStable, ...Object.values(ready));
        await new Promise(r => setTimeout(r, 100));
      }
    })();
    const done = await finished(started.id);
    sampling = false;
    await sampler;

    expect(done.state).toBe('rolled-back');
    expect(done.reason).toBe(
      'gate readiness failed in cell rs-1: 0/1 pods Ready after 5s',
    );
    expect(done.steps[0].gates[0]).toMatchObject({
      kind: 'readiness',
      phase: 'failed',
    });
    expect(minStable).toBe(2);
    expect(
      (await workloads.getVersionStatus('rs-1', 'shop', 'v3'))?.desired,
    ).toBe(0);
    await eventually(
      'v3 pods gone',
      async () => (await workloads.listPods('rs-1', 'shop', 'v3')).length === 0,
    );
    expect(
      await workloads.getVersionStatus('rs-2', 'shop', 'v3'),
    ).toBeUndefined();
    for (const cell of CELLS) {
      expect(
        await workloads.getVersionStatus(cell, 'shop', 'v2'),
      ).toMatchObject({
        desired: 2,
        ready: 2,
      });
      expect(await serves('v2', cell)).toEqual([200, 200]);
    }
    const app = await appStore.getApp('shop');
    expect(app?.cells.map(c => c.stableVersion)).toEqual(['v2', 'v2']);
    const events = await services.store.listEvents(started.id);
    expect(events.map(e => e.type)).toEqual(
      expect.arrayContaining([
        'gate-failed',
        'rolling-back',
        'cell-rolled-back',
        'rolled-back',
      ]),
    );
  });
});
