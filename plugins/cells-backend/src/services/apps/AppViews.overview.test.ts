import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { CellViews } from '../kube/types';
import { FakeCellWorkloads } from './__testUtils__/FakeCellWorkloads';
import { appsAtTheEdge } from './__testUtils__/atTheEdge';
import { appTestOptions, testCell } from './__testUtils__/appTestOptions';
import { AppService } from './AppService';
import { AppViews } from './AppViews';

const CELLS = [testCell('dev-1'), testCell('dev-2')];

const alice = mockCredentials.user('user:default/alice');

describe('AppViews.overview with watch-backed cell views', () => {
  it('reads the views, shows a stale cell with what it had and since when, and calls no live read', async () => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyAppMigrations(knex);
    const store = KnexAppStore.create({ knex });
    const workloads = new FakeCellWorkloads(CELLS.map(c => c.name));
    const live = jest.spyOn(workloads, 'listPods');
    const pod = (cell: string) => ({
      name: `shop-v1-abc-${cell}`,
      cell,
      version: 'v1',
      ready: true,
      status: 'Running',
      restarts: 0,
      containers: ['app'],
    });
    const version = {
      version: 'v1',
      image: 'example/shop:1',
      desired: 1,
      ready: 1,
      updated: 1,
      available: 1,
    };
    const cellViews: CellViews = {
      viewApp: async cell =>
        cell === 'dev-1'
          ? { versions: [version], pods: [pod(cell)] }
          : {
              versions: [version],
              pods: [pod(cell)],
              staleSince: '2026-03-01T10:00:00.000Z',
              staleReason: "cell 'dev-2' is unreachable: ECONNREFUSED",
            },
    };
    const options = {
      ...appTestOptions({ store, workloads, cells: CELLS }),
      views: cellViews,
      guards: { afterDeleteApp: jest.fn(async () => {}) },
    };
    try {
      await appsAtTheEdge(AppService.create(options)).createApp(alice, {
        name: 'shop',
        cells: ['dev-1', 'dev-2'],
      });
      live.mockClear();
      const overview = await AppViews.create(options).overview(alice, 'shop');
      expect(live).not.toHaveBeenCalled();
      const [one, two] = overview.cells;
      expect(one).toMatchObject({ cell: 'dev-1', reachable: true });
      expect(one.error).toBeUndefined();
      expect(two).toMatchObject({
        cell: 'dev-2',
        reachable: false,
        staleSince: '2026-03-01T10:00:00.000Z',
        error:
          "cell 'dev-2' is unreachable: ECONNREFUSED (showing what it had at 2026-03-01T10:00:00.000Z)",
      });
      expect(two.pods.map(p => p.name)).toEqual(['shop-v1-abc-dev-2']);
    } finally {
      await knex.destroy();
    }
  });
});
