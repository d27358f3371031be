import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import {
  CoreV1Api,
  DiscoveryV1Api,
  AppsV1Api,
  AutoscalingV2Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { CellConfig } from '@cellport/plugin-cells-node';
import { CellUnreachableError } from './errors';
import { KubeCellWorkloads } from './KubeCellWorkloads';
import { TrafficHook } from './types';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(120_000);

const spec = (extra: Record<string, unknown> = {}) =>
  versionSpecSchema.parse({
    image: 'example/payments:1.0.0',
    replicas: {},
    healthCheck: { path: '/healthz', periodSeconds: 1 },
    resources: {
      requests: { cpu: '10m', memory: '16Mi' },
      limits: { cpu: '100m', memory: '64Mi' },
    },
    ...extra,
  });

describe('KubeCellWorkloads against a simulated cell', () => {
  let sim: Simulator;
  let workloads: KubeCellWorkloads;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let autoscaling: AutoscalingV2Api;
  let discovery: DiscoveryV1Api;
  const drained: Array<{
    cell: string;
    app: string;
    podIPs: string[];
    readyThen: string[];
  }> = [];

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [{ name: 'kw-1', region: 'dev', port: 0 }],
      timings: { hpaSyncPeriodMs: 1000, crashLoopBackOffBaseMs: 1000 },
    });
    const kc = new KubeConfig();
    kc.loadFromString(sim.cell('kw-1').kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    autoscaling = kc.makeApiClient(AutoscalingV2Api);
    discovery = kc.makeApiClient(DiscoveryV1Api);
    const cells: CellConfig[] = [
      {
        name: 'kw-1',
        region: 'dev',
        apiUrl: sim.cell('kw-1').url,
        token: sim.cell('kw-1').token,
        skipTLSVerify: true,
        simulated: true,
      },
    ];
    const hook: TrafficHook = {
      async drain(options) {
        // the pods are still serving while the load balancers let go of them
        const slices = await discovery.listNamespacedEndpointSlice({
          namespace: options.app,
        });
        const ready = slices.items.flatMap(s =>
          (s.endpoints ?? [])
            .filter(e => e.conditions?.ready !== false)
            .flatMap(e => e.addresses),
        );
        drained.push({ ...options, readyThen: ready });
      },
    };
    workloads = KubeCellWorkloads.create({
      supplier: { getCells: async () => cells },
      logger: mockServices.logger.mock(),
      trafficHook: hook,
      pollIntervalMs: 100,
    });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const readyIPs = async (app: string) => {
    const slices = await discovery.listNamespacedEndpointSlice({
      namespace: app,
    });
    return slices.items.flatMap(s =>
      (s.endpoints ?? [])
        .filter(e => e.conditions?.ready !== false)
        .flatMap(e => e.addresses),
    );
  };

  it('creates the namespace, Service and pull secret with server-side apply, repeatably', async () => {
    expect(await workloads.getNamespaceState('kw-1', 'shop')).toBe('absent');
    const base = { name: 'shop', pullSecretDockerConfigJson: '{"auths":{}}' };
    await workloads.ensureApp('kw-1', base);
    await workloads.ensureApp('kw-1', base);
    const ns = await core.readNamespace({ name: 'shop' });
    expect(ns.metadata?.labels).toMatchObject({
      'cellport.io/app': 'shop',
      'app.kubernetes.io/managed-by': 'cellport',
    });
    expect(
      ns.metadata?.managedFields?.map(m => [m.manager, m.operation]),
    ).toContainEqual(['cellport', 'Apply']);
    const svc = await core.readNamespacedService({
      name: 'shop',
      namespace: 'shop',
    });
    expect(svc.spec?.selector).toEqual({ 'cellport.io/app': 'shop' });
    const secret = await core.readNamespacedSecret({
      name: 'shop-pull',
      namespace: 'shop',
    });
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(await workloads.getNamespaceState('kw-1', 'shop')).toBe('cellport');
  });

  it('deploys a version whose pods become ready and reference the pull secret', async () => {
    await workloads.applyVersion(
      'kw-1',
      'shop',
      { name: 'v1', spec: spec() },
      3,
    );
    const status = await eventually('3 ready', async () => {
      const s = await workloads.getVersionStatus('kw-1', 'shop', 'v1');
      return s?.ready === 3 && s;
    });
    expect(status).toMatchObject({
      version: 'v1',
      image: 'example/payments:1.0.0',
      desired: 3,
    });
    const d = await apps.readNamespacedDeployment({
      name: 'shop-v1',
      namespace: 'shop',
    });
    expect(d.spec?.template.spec?.imagePullSecrets).toEqual([
      { name: 'shop-pull' },
    ]);
    const pods = await workloads.listPods('kw-1', 'shop', 'v1');
    expect(pods).toHaveLength(3);
    expect(
      pods.every(
        p => p.ready && p.status === 'Running' && p.ip && p.version === 'v1',
      ),
    ).toBe(true);
    expect(
      (await workloads.listVersionStatuses('kw-1', 'shop')).map(v => v.version),
    ).toEqual(['v1']);
    await eventually(
      '3 endpoints',
      async () => (await readyIPs('shop')).length === 3,
    );
  });

  it('drains the leaving pods (newest first) before scaling down, and waits for the endpoints', async () => {
    const before = await workloads.listPods('kw-1', 'shop', 'v1');
    await workloads.drainAndScale('kw-1', 'shop', 'v1', 2);
    const after = await workloads.listPods('kw-1', 'shop', 'v1');
    const stayed = after.filter(p => p.status !== 'Terminating').map(p => p.ip);
    const left = before.map(p => p.ip!).filter(ip => !stayed.includes(ip));
    expect(left).toHaveLength(1);
    // the hook was told about the leaving pod while it still received traffic
    expect(drained.length).toBeGreaterThanOrEqual(1);
    expect(drained.flatMap(d => d.podIPs)).toContain(left[0]);
    expect(drained[0].readyThen).toEqual(
      expect.arrayContaining(drained[0].podIPs),
    );
    // on a simulator (no pod-deletion-cost) the controller may break ties otherwise; a real
    // cluster honours the cost annotation and the first drain is exact
    // once drainAndScale resolved, the pod is out of the Service's endpoints
    const ready = await readyIPs('shop');
    expect(ready).not.toContain(left[0]);
    expect(ready).toHaveLength(2);
    const d = await apps.readNamespacedDeployment({
      name: 'shop-v1',
      namespace: 'shop',
    });
    expect(d.spec?.replicas).toBe(2);
    // scaling up drains nothing
    const calls = drained.length;
    await workloads.drainAndScale('kw-1', 'shop', 'v1', 3);
    expect(drained).toHaveLength(calls);
    await workloads.scaleVersion('kw-1', 'shop', 'v1', 2);
  });

  it('lets the HPA own the replicas of an autoscaling version and removes versions cleanly', async () => {
    const autoscaled = spec({
      autoscaling: {
        minReplicas: 1,
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 80,
      },
    });
    await workloads.applyVersion(
      'kw-1',
      'shop',
      { name: 'v2', spec: autoscaled },
      2,
    );
    const d = await apps.readNamespacedDeployment({
      name: 'shop-v2',
      namespace: 'shop',
    });
    const applied = d.metadata?.managedFields?.find(
      m => m.manager === 'cellport' && m.operation === 'Apply',
    );
    expect((applied?.fieldsV1 as any)['f:spec']['f:replicas']).toBeUndefined();
    expect(d.spec?.replicas).toBe(2);
    const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'shop-v2',
      namespace: 'shop',
    });
    expect(hpa.spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    const status = await workloads.getVersionStatus('kw-1', 'shop', 'v2');
    expect(status?.autoscaling).toMatchObject({ min: 1, max: 3 });
    // re-applying does not reset what the HPA decided
    await workloads.applyVersion(
      'kw-1',
      'shop',
      { name: 'v2', spec: autoscaled },
      2,
    );

    await workloads.removeVersion('kw-1', 'shop', 'v2');
    await workloads.removeVersion('kw-1', 'shop', 'v2'); // harmless when absent
    expect(
      await workloads.getVersionStatus('kw-1', 'shop', 'v2'),
    ).toBeUndefined();
    await expect(
      autoscaling.readNamespacedHorizontalPodAutoscaler({
        name: 'shop-v2',
        namespace: 'shop',
      }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('reads events and pod logs', async () => {
    const events = await eventually('events', async () => {
      const list = await workloads.listEvents('kw-1', 'shop');
      return list.length > 0 && list;
    });
    expect(events[0]).toMatchObject({ cell: 'kw-1' });
    expect(events.map(e => e.reason)).toEqual(
      expect.arrayContaining(['ScalingReplicaSet']),
    );
    const [pod] = await workloads.listPods('kw-1', 'shop', 'v1');
    const info = await workloads.getPod('kw-1', 'shop', pod.name);
    expect(info).toMatchObject({ name: pod.name, previousContainers: [] });
    expect(await workloads.getPod('kw-1', 'shop', 'nope')).toBeUndefined();
    await fetch(`http://${pod.ip}:8080/hello-log`);
    const out = new PassThrough();
    let text = '';
    out.on('data', chunk => {
      text += chunk.toString();
    });
    const ended = new Promise(r => out.on('end', r));
    await workloads.streamPodLog(
      'kw-1',
      'shop',
      pod.name,
      { container: 'app', tailLines: 50 },
      out,
    );
    await ended;
    expect(text).toContain('/hello-log');
    await expect(
      workloads.streamPodLog(
        'kw-1',
        'shop',
        pod.name,
        { container: 'app', previous: true },
        new PassThrough(),
      ),
    ).rejects.toMatchObject({ name: 'InputError' });

    // following: new lines arrive; aborting ends the stream cleanly (no unhandled stream error)
    const followed = new PassThrough();
    let live = '';
    followed.on('data', chunk => {
      live += chunk.toString();
    });
    const followEnded = new Promise(r => followed.on('end', r));
    const controller = await workloads.streamPodLog(
      'kw-1',
      'shop',
      pod.name,
      { container: 'app', follow: true, tailLines: 1 },
      followed,
    );
    await fetch(`http://${pod.ip}:8080/while-following`);
    await eventually('followed line', async () =>
      live.includes('/while-following'),
    );
    controller.abort();
    await followEnded;
  });

  it('never adopts or deletes a namespace Cellport did not make', async () => {
    await core.createNamespace({ body: { metadata: { name: 'kube-stuff' } } });
    expect(await workloads.getNamespaceState('kw-1', 'kube-stuff')).toBe(
      'foreign',
    );
    await workloads.deleteApp('kw-1', 'kube-stuff');
    expect(
      (await core.readNamespace({ name: 'kube-stuff' })).metadata
        ?.deletionTimestamp,
    ).toBeUndefined();
  });

  it('deletes the app namespace, harmlessly twice', async () => {
    await workloads.deleteApp('kw-1', 'shop');
    await workloads.deleteApp('kw-1', 'shop');
    await eventually(
      'namespace gone',
      async () =>
        (await workloads.getNamespaceState('kw-1', 'shop')) === 'absent',
    );
    expect(
      (await core.listNamespace()).items.map(n => n.metadata?.name),
    ).not.toContain('shop');
  });

  it('names the cell when it is unreachable, and unknown cells are not found', async () => {
    expect(await workloads.isReachable('kw-1')).toBe(true);
    await sim.setReachable('kw-1', false);
    try {
      expect(await workloads.isReachable('kw-1')).toBe(false);
      const error = await workloads
        .ensureApp('kw-1', { name: 'other' })
        .catch(e => e);
      expect(error).toBeInstanceOf(CellUnreachableError);
      expect(error.cell).toBe('kw-1');
      expect(error.message).toMatch(/cell 'kw-1' is unreachable/);
    } finally {
      await sim.setReachable('kw-1', true);
    }
    await expect(workloads.listPods('nope', 'shop')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: "no cell named 'nope'",
    });
  });
});
