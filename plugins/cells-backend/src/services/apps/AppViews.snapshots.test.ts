import { mockCredentials } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import { CellConfig } from '@cellport/plugin-cells-node';
import { eventually } from '@cellport/test-utils';
import knexFactory, { Knex } from 'knex';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { KubeCellViews } from '../kube/KubeCellViews';
import { KubeCellWorkloads } from '../kube/KubeCellWorkloads';
import { appTestOptions } from './__testUtils__/appTestOptions';
import { appsAtTheEdge } from './__testUtils__/atTheEdge';
import { AppService } from './AppService';
import { AppViews } from './AppViews';

jest.setTimeout(120_000);

const alice = mockCredentials.user('user:default/alice');
const spec = versionSpecSchema.parse({
  image: 'example/snap:1',
  replicas: {},
  healthCheck: { path: '/healthz', periodSeconds: 1 },
  resources: {
    requests: { cpu: '10m', memory: '16Mi' },
    limits: { cpu: '100m', memory: '64Mi' },
  },
});

describe('AppViews overview snapshots against a simulated cell', () => {
  let sim: Simulator;
  let knex: Knex;

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [{ name: 'sn-1', region: 'dev', port: 0 }],
    });
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyAppMigrations(knex);
  });

  afterAll(async () => {
    await knex?.destroy();
    await sim?.stop();
  });

  it('reuses the snapshot while nothing changed, and the next view after a change shows it', async () => {
    const cells: CellConfig[] = [
      {
        name: 'sn-1',
        region: 'dev',
        apiUrl: sim.cell('sn-1').url,
        token: sim.cell('sn-1').token,
        skipTLSVerify: true,
        simulated: true,
      },
    ];
    const store = KnexAppStore.create({ knex });
    const { logger } = appTestOptions({
      store,
      workloads: undefined as any,
      cells,
    });
    const workloads = KubeCellWorkloads.create({
      supplier: { getCells: async () => cells },
      logger,
      requestTimeoutMs: 5_000,
    });
    const views = KubeCellViews.create({
      workloads,
      logger,
      minBackoffMs: 100,
      maxBackoffMs: 500,
    });
    const options = appTestOptions({ store, workloads, cells });
    const appViews = AppViews.create({ ...options, views });
    try {
      await appsAtTheEdge(AppService.create(options)).createApp(alice, {
        name: 'snap',
        cells: ['sn-1'],
      });
      await workloads.applyVersion('sn-1', 'snap', { name: 'v1', spec }, 2);
      const ready = await eventually('two Ready pods', async () => {
        const s = await appViews.overviewSnapshot(alice, 'snap');
        const pods = s.overview.cells[0].pods;
        return pods.length === 2 && pods.every(p => p.ready) && s;
      });
      const names = (pods: Array<{ name: string }>) =>
        pods.map(p => p.name).sort();
      // once the cell is quiet (its controllers may still update statuses), views reuse one
      // snapshot: the same bytes, not serialized again
      const quiet = await eventually('the same snapshot twice', async () => {
        const one = await appViews.overviewSnapshot(alice, 'snap');
        const two = await appViews.overviewSnapshot(alice, 'snap');
        return one === two && two;
      });
      expect(names(quiet.overview.cells[0].pods)).toEqual(
        names(ready.overview.cells[0].pods),
      );

      const [gone] = names(ready.overview.cells[0].pods);
      const client = await workloads.clients.get('sn-1');
      await client.core.deleteNamespacedPod({
        name: gone,
        namespace: 'snap',
        gracePeriodSeconds: 0,
      });
      // as soon as the watch-backed cache has the change, the next overview shows it
      let shown: string[] = [];
      for (;;) {
        const cached = names((await views.viewApp('sn-1', 'snap')).pods);
        shown = names(
          (await appViews.overviewSnapshot(alice, 'snap')).overview.cells[0]
            .pods,
        );
        if (!cached.includes(gone)) break;
        await new Promise(r => setTimeout(r, 20));
      }
      expect(shown).not.toContain(gone);
      const after = await appViews.overviewSnapshot(alice, 'snap');
      expect(after).not.toBe(quiet);
      expect(after.etag).not.toBe(quiet.etag);
      expect(JSON.parse(after.json.toString())).toEqual(after.overview);
    } finally {
      views.stop();
    }
  });
});
