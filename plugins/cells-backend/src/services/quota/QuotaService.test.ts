import { mockCredentials } from '@backstage/backend-test-utils';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { applyQuotaMigrations } from './quotaMigrations';
import { QuotaService } from './QuotaService';
import { QuotaStore } from './QuotaStore';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();
const TEAM = 'group:default/team-a';

// 250m and 256Mi per pod; 2 pods in dev-1, 1 in dev-2
const spec = versionSpecSchema.parse({
  image: 'example/payments:1.0.0',
  replicas: { 'dev-1': 2, 'dev-2': 1 },
  resources: {
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
});

describe.each(databases.eachSupportedId())('QuotaService on %p', databaseId => {
  let knex: Knex;
  let apps: KnexAppStore;
  let quotas: QuotaService;
  const owners = { ownerGroupsOf: jest.fn(async () => [TEAM]) };

  async function createApp(name: string) {
    const groups = await quotas.ownerGroupsOfNewApp(mockCredentials.user(), undefined);
    await quotas.checkNewApp(groups);
    await apps.createApp({
      name,
      production: false,
      region: 'dev',
      cells: [
        { cell: 'dev-1', drifted: false },
        { cell: 'dev-2', drifted: false },
      ],
      createdBy: 'user:default/alice',
    });
    await quotas.recordApp(name, groups);
  }

  async function deploy(app: string, version: string) {
    await quotas.checkDeploy(app, spec, ['dev-1', 'dev-2']);
    await apps.createVersion({ app, name: version, spec, createdBy: 'user:default/alice' });
    await apps.setStableVersion(app, 'dev-1', version);
    await apps.setStableVersion(app, 'dev-2', version);
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyAppMigrations(knex);
    await applyQuotaMigrations(knex);
    await applyQuotaMigrations(knex); // idempotent
    apps = KnexAppStore.create({ knex });
    quotas = new QuotaService({ store: new QuotaStore(knex), apps, owners });
  });

  it('lists groups with usage but no quota, then with their quota', async () => {
    await createApp('payments');
    await deploy('payments', 'v1');
    expect(await quotas.list()).toEqual([
      {
        ownerGroup: TEAM,
        limits: {},
        usage: { apps: 1, cpuMillis: 750, memoryBytes: 3 * 256 * 1024 ** 2 },
      },
    ]);
    const set = await quotas.set('group:default/Team-A', { apps: 1, cpuMillis: 1000 }, 'user:default/root');
    expect(set).toMatchObject({
      ownerGroup: TEAM,
      limits: { apps: 1, cpuMillis: 1000 },
      usage: { apps: 1, cpuMillis: 750 },
      updatedBy: 'user:default/root',
    });
    expect(await quotas.list()).toEqual([set]);
  });

  it('refuses an app beyond the apps limit, naming quota and use', async () => {
    const groups = await quotas.ownerGroupsOfNewApp(mockCredentials.user());
    await expect(quotas.checkNewApp(groups)).rejects.toThrow(
      `quota exceeded for ${TEAM}: apps would be 2 of 1 (in use 1)`,
    );
    await quotas.set(TEAM, { apps: 2, cpuMillis: 1000 }, 'user:default/root');
    await createApp('orders');
  });

  it('refuses a deploy, a scaling and a release beyond the CPU limit', async () => {
    await expect(quotas.checkDeploy('orders', spec, ['dev-1', 'dev-2'])).rejects.toThrow(
      `quota exceeded for ${TEAM}: cpu requests would be 1500m of 1000m (in use 750m)`,
    );
    // one pod in one cell fits: 1000m
    await quotas.checkDeploy('orders', spec, ['dev-2']);
    const payments = (await apps.getApp('payments'))!;
    await expect(quotas.checkScale(payments, 'v1', 'dev-1', 4)).rejects.toThrow(
      `quota exceeded for ${TEAM}: cpu requests would be 1250m of 1000m (in use 750m)`,
    );
    // scaling down frees quota, and what was scaled to counts from then on
    await quotas.checkScale(payments, 'v1', 'dev-1', 1);
    await quotas.recordScale('payments', 'v1', 'dev-1', 1);
    expect((await quotas.list())[0].usage.cpuMillis).toBe(500);
    await apps.createVersion({
      app: 'payments',
      name: 'v2',
      spec: { ...spec, replicas: { 'dev-1': 4, 'dev-2': 1 } },
      createdBy: 'user:default/alice',
    });
    const step = { cells: ['dev-1'], canary: { percent: 100 } } as any;
    await expect(
      quotas.checkRelease('payments', { version: 'v2', steps: [step] }),
    ).rejects.toThrow(
      `quota exceeded for ${TEAM}: cpu requests would be 1250m of 1000m (in use 500m)`,
    );
    await quotas.set(TEAM, { memoryBytes: 2 * 1024 ** 3 }, 'user:default/root');
    await quotas.checkRelease('payments', { version: 'v2', steps: [step] });
  });

  it('names memory in Mi, validates group refs, deletes quotas', async () => {
    await quotas.set(TEAM, { memoryBytes: 512 * 1024 ** 2 }, 'user:default/root');
    await expect(quotas.checkDeploy('orders', spec, ['dev-2'])).rejects.toThrow(
      `quota exceeded for ${TEAM}: memory requests would be 768Mi of 512Mi (in use 512Mi)`,
    );
    await expect(quotas.set('team-a', {}, 'x')).rejects.toMatchObject({
      name: 'InputError',
    });
    await quotas.remove(TEAM);
    await expect(quotas.remove(TEAM)).rejects.toMatchObject({ name: 'NotFoundError' });
    await quotas.checkDeploy('orders', spec, ['dev-1', 'dev-2']);
  });

  it('forgets a deleted app', async () => {
    await apps.deleteApp('orders');
    expect((await quotas.list())[0].usage.apps).toBe(1);
  });
});
