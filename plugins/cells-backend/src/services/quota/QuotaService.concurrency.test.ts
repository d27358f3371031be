/**
 * Quota checks under concurrent requests: app creations, first deploys and scale-ups of one owner
 * group fired at once (on PostgreSQL through two replicas, each with its own connection pool and
 * services) must let exactly the room the quota leaves through and refuse the rest with the 409
 * naming the quota; usage afterwards equals the limit.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import knexFactory, { Knex } from 'knex';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { AppService } from '../apps/AppService';
import { FakeCellWorkloads } from '../apps/__testUtils__/FakeCellWorkloads';
import { appTestOptions, testCell } from '../apps/__testUtils__/appTestOptions';
import { AppBase, VersionToRun } from '../kube/types';
import { applyQuotaMigrations } from './quotaMigrations';
import { QuotaService } from './QuotaService';
import { QuotaStore } from './QuotaStore';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();
const CELLS = [testCell('dev-1'), testCell('dev-2')];
const alice = mockCredentials.user('user:default/alice');
const MiB = 1024 ** 2;
// 100m and 64Mi per pod
const v1 = {
  name: 'v1',
  spec: versionSpecSchema.parse({
    image: 'example/shop:1',
    replicas: { 'dev-1': 1 },
    resources: {
      requests: { cpu: '100m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    },
  }),
};

/** Fake cells that take a moment per call, as real ones do: the window a race needs. */
class SlowCells extends FakeCellWorkloads {
  private pause = () => new Promise(r => setTimeout(r, 15));
  async ensureApp(cell: string, app: AppBase) {
    await this.pause();
    return super.ensureApp(cell, app);
  }
  async applyVersion(cell: string, app: string, version: VersionToRun, replicas: number) {
    await this.pause();
    return super.applyVersion(cell, app, version, replicas);
  }
  async scaleVersion(cell: string, app: string, version: string, replicas: number) {
    await this.pause();
    return super.scaleVersion(cell, app, version, replicas);
  }
}

describe.each(databases.eachSupportedId())('Quotas under concurrent requests on %p', databaseId => {
  /** One per replica: two on PostgreSQL (own pools), one on SQLite (one process owns the file). */
  let replicas: AppService[];
  let quotas: QuotaService;
  let group = '';
  const pools: Knex[] = [];

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    await applyAppMigrations(knex);
    await applyQuotaMigrations(knex);
    pools.push(knex);
    if (knex.client.dialect === 'postgresql') pools.push(knexFactory(knex.client.config));
    const workloads = new SlowCells(CELLS.map(c => c.name));
    replicas = pools.map(pool => {
      const store = KnexAppStore.create({ knex: pool });
      const quota = new QuotaService({
        store: new QuotaStore(pool),
        apps: store,
        owners: { ownerGroupsOf: async () => [group] },
      });
      quotas = quota;
      return AppService.create({ ...appTestOptions({ store, workloads, cells: CELLS }), quota });
    });
  });

  afterAll(async () => {
    await Promise.all(pools.slice(1).map(p => p.destroy()));
  });

  /** Runs `count` calls at once, spread over the replicas; how many passed, and the refusals. */
  async function atOnce(count: number, call: (replica: AppService, i: number) => Promise<unknown>) {
    const results = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => call(replicas[i % replicas.length], i)),
    );
    const refused = results.flatMap(r => (r.status === 'rejected' ? [r.reason] : []));
    return { passed: count - refused.length, refused };
  }

  const usage = async () => (await quotas.list()).find(q => q.ownerGroup === group)!.usage;

  const createApps = (names: string[]) =>
    Promise.all(names.map(name => replicas[0].createApp(alice, { name, cells: ['dev-1'], production: false })));

  it('creates exactly as many apps as the quota has room for', async () => {
    group = 'group:default/apps-team';
    await createApps(['a-seed']);
    await quotas.set(group, { apps: 4 }, 'user:default/root');
    const { passed, refused } = await atOnce(9, (replica, i) =>
      replica.createApp(alice, { name: `a-${i}`, cells: ['dev-1'], production: false }),
    );
    expect(passed).toBe(3);
    expect(refused).toHaveLength(6);
    for (const e of refused) {
      expect(e).toMatchObject({
        name: 'ConflictError',
        message: `quota exceeded for ${group}: apps would be 5 of 4 (in use 4)`,
      });
    }
    expect((await usage()).apps).toBe(4);
  });

  it('deploys first versions exactly up to the cpu quota', async () => {
    group = 'group:default/cpu-team';
    const names = Array.from({ length: 8 }, (_, i) => `c-${i}`);
    await createApps(names);
    await quotas.set(group, { cpuMillis: 300 }, 'user:default/root');
    const { passed, refused } = await atOnce(names.length, (replica, i) =>
      replica.versions.create(alice, names[i], v1),
    );
    expect(passed).toBe(3);
    for (const e of refused) {
      expect(e).toMatchObject({
        name: 'ConflictError',
        message: `quota exceeded for ${group}: cpu requests would be 400m of 300m (in use 300m)`,
      });
    }
    expect((await usage()).cpuMillis).toBe(300);
  });

  it('scales up exactly up to the memory quota', async () => {
    group = 'group:default/memory-team';
    const names = Array.from({ length: 6 }, (_, i) => `m-${i}`);
    await createApps(names);
    for (const name of names) await replicas[0].versions.create(alice, name, v1);
    // 6 × 64Mi in use, room for two more pods
    await quotas.set(group, { memoryBytes: 512 * MiB }, 'user:default/root');
    const { passed, refused } = await atOnce(names.length, (replica, i) =>
      replica.scaling.scale(alice, names[i], 'v1', { cell: 'dev-1', replicas: 2 }),
    );
    expect(passed).toBe(2);
    for (const e of refused) {
      expect(e).toMatchObject({
        name: 'ConflictError',
        message: `quota exceeded for ${group}: memory requests would be 576Mi of 512Mi (in use 512Mi)`,
      });
    }
    expect((await usage()).memoryBytes).toBe(512 * MiB);
  });
});
