/*
 * The admin view's cells and registry side, on the portal `npm test` starts (simulated cells dev-1
 * and dev-2, the real registry plugin): quotas per owner group are enforced when an app is created,
 * a version deployed or scaled and a release started, with a 409 naming the quota, its limit and
 * the use, and nothing changed; image group creation is limited too; the operations counts match
 * what the test did; the capacity equals the sums of the cell's own node and pod lists; and the
 * admin routes do not exist (404, the body of an unknown route) for anyone but platform admins.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeOciLayout } from '../lib/oci';
import { requirePortal, waitFor } from '../lib/portal';
import { hasNamespace, portalCell } from '../lib/portalCells';
import { PortalApi, signInTokens } from '../slb/portalSlb';

jest.setTimeout(600_000);

const execFileP = promisify(execFile);

const GROUP = 'group:default/payments-team'; // alice's only group
const CELLS = ['dev-1', 'dev-2'];
const suffix = Date.now().toString(36).slice(-5);
const APP = `quota${suffix}`;
const DENIED_APP = `quotax${suffix}`;
const IMAGE_GROUP = `quota${suffix}`;

function spec(cpu: string, replicas: number, image = 'example/shop:1.0.0') {
  return {
    image,
    replicas: Object.fromEntries(CELLS.map(c => [c, replicas])),
    env: [],
    healthCheck: { path: '/healthz', periodSeconds: 1 },
    resources: { requests: { cpu, memory: '16Mi' }, limits: { cpu: '500m', memory: '64Mi' } },
  };
}

/** The sum of the operations counts over the last two days (a test may run across midnight). */
const totals = (days: Array<Record<string, number | string>>) =>
  days.slice(-2).reduce<Record<string, number>>((sum, day) => {
    for (const [k, v] of Object.entries(day)) if (k !== 'date') sum[k] = (sum[k] ?? 0) + Number(v);
    return sum;
  }, {});


const cpu = (q?: string) => {
  if (!q) return 0;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.ceil(Number(q) * 1000);
};
const mem = (q?: string) => {
  if (!q) return 0;
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unexpected memory quantity ${q}`);
  return Number(m[1]) * (m[2] ? { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[m[2]]! : 1);
};

/** Allocatable of Ready nodes and requests of non-terminated pods, read from the cell's own API. */
async function cellSums(cell: string) {
  const core = portalCell(cell).core;
  const [nodes, pods] = await Promise.all([core.listNode(), core.listPodForAllNamespaces()]);
  const allocatable = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const n of nodes.items) {
    if (!n.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True')) continue;
    allocatable.cpuMillis += cpu(n.status.allocatable?.cpu);
    allocatable.memoryBytes += mem(n.status.allocatable?.memory);
    allocatable.pods += Number(n.status.allocatable?.pods ?? 0);
  }
  const requested = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const p of pods.items) {
    if (['Succeeded', 'Failed'].includes(p.status?.phase ?? '')) continue;
    requested.pods++;
    for (const c of p.spec?.containers ?? []) {
      requested.cpuMillis += cpu(c.resources?.requests?.cpu);
      requested.memoryBytes += mem(c.resources?.requests?.memory);
    }
  }
  return { allocatable, requested };
}

/** The app's Deployments in a cell and their desired replicas (straight from the cell's API). */
async function deployments(cell: string, app: string): Promise<Record<string, number>> {
  const list = await portalCell(cell).apps.listNamespacedDeployment({ namespace: app });
  return Object.fromEntries(list.items.map(d => [d.metadata!.name!, d.spec?.replicas ?? 0]));
}

describe('admin view: quotas, operations and capacity (cells and registry)', () => {
  let url: string;
  let tokens: Record<string, string>;
  let alice: PortalApi;
  let erin: PortalApi;
  let carol: PortalApi;
  let registryAlice: PortalApi;
  let registryErin: PortalApi;
  let before: { apps: number; cpuMillis: number };
  let opsBefore: Record<string, number>;

  const cellsUsage = async () => {
    const { quotas } = await erin.expect(200, 'GET', '/admin/quotas');
    return quotas.find((q: any) => q.ownerGroup === GROUP)?.usage ?? { apps: 0, cpuMillis: 0, memoryBytes: 0 };
  };
  const setQuota = (limits: Record<string, number>) =>
    erin.expect(200, 'PUT', `/admin/quotas/${encodeURIComponent(GROUP)}`, limits);

  beforeAll(async () => {
    url = await requirePortal();
    tokens = await signInTokens(url, ['alice', 'erin', 'carol']);
    alice = new PortalApi(url, 'cells', tokens.alice);
    erin = new PortalApi(url, 'cells', tokens.erin);
    carol = new PortalApi(url, 'cells', tokens.carol);
    registryAlice = new PortalApi(url, 'registry', tokens.alice);
    registryErin = new PortalApi(url, 'registry', tokens.erin);
    before = await cellsUsage();
    opsBefore = totals((await erin.expect(200, 'GET', '/admin/operations?days=2')).days);
  });

  afterAll(async () => {
    // no quota of this test may outlive it (other suites create apps as alice)
    await erin?.call('DELETE', `/admin/quotas/${encodeURIComponent(GROUP)}`);
    await registryErin?.call('DELETE', `/admin/quotas/${encodeURIComponent(GROUP)}`);
    await alice?.call('DELETE', `/apps/${APP}`);
    await registryAlice?.call('DELETE', `/repositories/${IMAGE_GROUP}/app`);
    await registryAlice?.call('DELETE', `/groups/${IMAGE_GROUP}`);
  });

  it('refuses an app beyond the apps quota, naming it and the use, and creates nothing', async () => {
    const quota = await setQuota({ apps: before.apps + 1, cpuMillis: before.cpuMillis + 300 });
    expect(quota).toMatchObject({ ownerGroup: GROUP, limits: { apps: before.apps + 1 }, updatedBy: 'user:default/erin' });
    await alice.expect(201, 'POST', '/apps', { name: APP, production: true, cells: CELLS });
    const denied = await alice.call('POST', '/apps', { name: DENIED_APP, production: true, cells: CELLS });
    expect(denied.status).toBe(409);
    expect(denied.body.error.message).toBe(
      `quota exceeded for ${GROUP}: apps would be ${before.apps + 2} of ${before.apps + 1} (in use ${before.apps + 1})`,
    );
    await alice.expect(404, 'GET', `/apps/${DENIED_APP}`);
    for (const cell of CELLS) expect(await hasNamespace(cell, DENIED_APP)).toBe(false);
    expect((await cellsUsage()).apps).toBe(before.apps + 1);
  });

  it('refuses a deploy, a scaling and a release beyond the CPU quota; nothing changes', async () => {
    // 100m × 2 replicas × 2 cells = 400m > 300m
    const deploy = await alice.call('POST', `/apps/${APP}/versions`, { name: 'v1', spec: spec('100m', 2) });
    expect(deploy.status).toBe(409);
    expect(deploy.body.error.message).toBe(
      `quota exceeded for ${GROUP}: cpu requests would be ${before.cpuMillis + 400}m of ${before.cpuMillis + 300}m (in use ${before.cpuMillis}m)`,
    );
    expect((await alice.expect(200, 'GET', `/apps/${APP}/versions`)).items).toEqual([]);
    for (const cell of CELLS) expect(await deployments(cell, APP)).toEqual({});

    await alice.expect(201, 'POST', `/apps/${APP}/versions`, { name: 'v1', spec: spec('100m', 1) });
    expect((await cellsUsage()).cpuMillis).toBe(before.cpuMillis + 200);

    const scale = await alice.call('POST', `/apps/${APP}/versions/v1/scale`, { cell: 'dev-1', replicas: 3 });
    expect(scale.status).toBe(409);
    expect(scale.body.error.message).toBe(
      `quota exceeded for ${GROUP}: cpu requests would be ${before.cpuMillis + 400}m of ${before.cpuMillis + 300}m (in use ${before.cpuMillis + 200}m)`,
    );
    expect(await deployments('dev-1', APP)).toEqual({ [`${APP}-v1`]: 1 });
    const scaled = await alice.expect(200, 'POST', `/apps/${APP}/versions/v1/scale`, { cell: 'dev-1', replicas: 2 });
    expect(scaled.desired).toBe(2);
    expect((await cellsUsage()).cpuMillis).toBe(before.cpuMillis + 300);

    // v2 reaches no cell yet (each serves v1): a release would make it 200m × 1 in both cells
    await alice.expect(201, 'POST', `/apps/${APP}/versions`, { name: 'v2', spec: spec('200m', 1, 'example/shop:2.0.0') });
    const plan = { version: 'v2', steps: [{ cells: CELLS, canary: { percent: 100 } }] };
    const release = await alice.call('POST', `/apps/${APP}/releases`, plan);
    expect(release.status).toBe(409);
    expect(release.body.error.message).toBe(
      `quota exceeded for ${GROUP}: cpu requests would be ${before.cpuMillis + 400}m of ${before.cpuMillis + 300}m (in use ${before.cpuMillis + 300}m)`,
    );
    expect((await alice.expect(200, 'GET', `/apps/${APP}/releases`)).items).toEqual([]);

    // with room, the release starts; aborted, it rolls back
    await setQuota({ apps: before.apps + 1, cpuMillis: before.cpuMillis + 400 });
    const started = await alice.expect(201, 'POST', `/apps/${APP}/releases`, plan);
    await alice.expect(200, 'POST', `/apps/${APP}/releases/${started.id}/actions`, { action: 'abort' });
    await waitFor('the aborted release to end', async () => {
      const r = await alice.expect(200, 'GET', `/apps/${APP}/releases/${started.id}`);
      return ['rolled-back', 'failed'].includes(r.state) ? r : undefined;
    }, 180_000);
    const ops = await erin.expect(200, 'GET', '/admin/operations?days=2');
    expect(ops.days).toHaveLength(2);
    const after = totals(ops.days);
    // one deploy (v1 to both cells; v2 reached none), one scaling, one release, its rollback
    expect({
      deploys: after.deploys - opsBefore.deploys,
      scalings: after.scalings - opsBefore.scalings,
      releases: after.releases - opsBefore.releases,
    }).toEqual({ deploys: 1, scalings: 1, releases: 1 });
    expect(ops.failedReleases[0]).toMatchObject({ app: APP, releaseId: started.id, version: 'v2', startedBy: 'user:default/alice' });
  });

  it('limits image group creation by quota', async () => {
    const { quotas } = await registryErin.expect(200, 'GET', '/admin/quotas');
    const used = quotas.find((q: any) => q.ownerGroup === GROUP)?.usage.imageGroups ?? 0;
    await registryErin.expect(200, 'PUT', `/admin/quotas/${encodeURIComponent(GROUP)}`, { imageGroups: used });
    const denied = await registryAlice.call('POST', '/groups', { name: IMAGE_GROUP });
    expect(denied.status).toBe(409);
    expect(denied.body.error.message).toBe(
      `quota exceeded for ${GROUP}: image groups would be ${used + 1} of ${used} (in use ${used})`,
    );
    await registryAlice.expect(404, 'GET', `/groups/${IMAGE_GROUP}`);
    await registryErin.expect(200, 'PUT', `/admin/quotas/${encodeURIComponent(GROUP)}`, { imageGroups: used + 1 });
    await registryAlice.expect(201, 'POST', '/groups', { name: IMAGE_GROUP });
    const listed = (await registryErin.expect(200, 'GET', '/admin/quotas')).quotas.find((q: any) => q.ownerGroup === GROUP);
    expect(listed).toMatchObject({ limits: { imageGroups: used + 1 }, usage: { imageGroups: used + 1 } });

    // a real push (skopeo, the registry's notification) counts in the pushes of the day
    const pushesOf = async () => {
      const { days } = await registryErin.expect(200, 'GET', '/admin/operations?days=30');
      expect(days).toHaveLength(30);
      return days.slice(-2).reduce((n: number, d: any) => n + d.pushes, 0);
    };
    const pushesBefore = await pushesOf();
    const { token, registryHost } = await registryAlice.expect(201, 'POST', '/tokens', { name: `quota-${suffix}`, expiresInDays: 1 });
    const oci = fs.mkdtempSync(path.join(os.tmpdir(), 'quota-oci-'));
    writeOciLayout(oci, ['v1']);
    await execFileP(
      'skopeo',
      ['copy', '--dest-tls-verify=false', '--dest-creds', `alice:${token}`, `oci:${oci}:v1`, `docker://${registryHost}/${IMAGE_GROUP}/app:v1`],
      { timeout: 120_000 },
    );
    await waitFor('the push in the admin view', async () => ((await pushesOf()) === pushesBefore + 1 ? true : undefined), 120_000);
  });

  it("shows each cell's capacity as the sums of its own node and pod lists", async () => {
    // pods come and go (the rollback above): the two reads must agree once the cell is still
    const agreed = await waitFor('the capacity to equal the cell API sums', async () => {
      const own = await cellSums('dev-1');
      const report = await erin.expect(200, 'GET', '/admin/capacity');
      const cell = report.regions.flatMap((r: any) => r.cells).find((c: any) => c.cell === 'dev-1');
      const again = await cellSums('dev-1');
      const same = JSON.stringify(own) === JSON.stringify(again);
      return same && JSON.stringify({ allocatable: cell.allocatable, requested: cell.requested }) === JSON.stringify(own)
        ? { cell, own }
        : undefined;
    }, 120_000);
    expect(agreed.cell.reachable).toBe(true);
    expect(agreed.own.allocatable.cpuMillis).toBeGreaterThan(0);
    expect(agreed.own.requested.pods).toBeGreaterThan(0);
  });

  it('answers 404, as for an unknown route, to everyone but platform admins', async () => {
    const unknown = await carol.call('GET', '/no-such-route');
    expect(unknown.status).toBe(404);
    const group = encodeURIComponent(GROUP);
    const cellsRoutes: Array<[string, string, unknown?]> = [
      ['GET', '/admin/operations?days=30'],
      ['GET', '/admin/operations?days=abc'],
      ['GET', '/admin/capacity'],
      ['GET', '/admin/quotas'],
      ['PUT', `/admin/quotas/${group}`, { apps: 0 }],
      ['PUT', `/admin/quotas/${group}`, { apps: 'bad' }],
      ['DELETE', `/admin/quotas/${group}`],
    ];
    const registryRoutes: Array<[string, string, unknown?]> = [
      ['GET', '/admin/operations'],
      ['GET', '/admin/quotas'],
      ['PUT', `/admin/quotas/${group}`, { imageGroups: 0 }],
      ['DELETE', `/admin/quotas/${group}`],
    ];
    const callers = ['alice', 'carol'].flatMap(user => [
      ...cellsRoutes.map(r => [new PortalApi(url, 'cells', tokens[user]), ...r] as const),
      ...registryRoutes.map(r => [new PortalApi(url, 'registry', tokens[user]), ...r] as const),
    ]);
    const quotasBefore = await erin.expect(200, 'GET', '/admin/quotas');
    for (const [api, method, route, body] of callers) {
      const res = await api.call(method, route, body);
      expect({ route: `${method} ${route}`, status: res.status, body: res.body }).toEqual({
        route: `${method} ${route}`,
        status: 404,
        body: unknown.body,
      });
    }
    // nothing changed
    expect(await erin.expect(200, 'GET', '/admin/quotas')).toEqual(quotasBefore);
  });
});
