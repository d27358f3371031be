import * as k8s from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@cellport/cell-sim';
import { Cluster, connect, deployment, describeSimulatorOnly, isSimulator, raw, waitFor, waitForRollout } from './harness';

jest.setTimeout(180_000);

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect({ cellName: 'sim-only' });
  ns = await c.namespace();
});
afterAll(() => c?.close());

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

const podsOf = async (app: string) =>
  (await c.core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items.filter(p => !p.metadata?.deletionTimestamp);

describeSimulatorOnly('pods as loopback HTTP servers', 'real pod IPs are not on this machine\'s loopback and real images do not answer like the simulated app', () => {
  it('binds every pod to its own 127.x.y.z address and answers with JSON naming app, version and pod', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('hello', 2, { labels: { version: 'v1' } }) });
    await waitForRollout(c.apps, ns, 'hello');
    const pods = await podsOf('hello');
    const ips = pods.map(p => p.status!.podIP!);
    expect(new Set(ips).size).toBe(2);
    for (const p of pods) {
      expect(p.status!.podIP).toMatch(/^127\./);
      const res = await get(`http://${p.status!.podIP}:8080/anything`);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ app: 'hello', version: 'v1', pod: p.metadata!.name, namespace: ns });
    }
    const metrics = await get(`http://${ips[0]}:8080/metrics`);
    expect(metrics.text).toContain('http_requests_total{code="200",method="GET"}');
    expect(metrics.text).toContain('http_request_duration_seconds_bucket{le="+Inf"}');
    expect(metrics.text).toMatch(/container_cpu_usage_seconds_total\{container="web",namespace="[^"]+",pod="[^"]+"\}/);
    expect(metrics.text).toContain('container_memory_working_set_bytes');
    const log = await c.core.readNamespacedPodLog({ namespace: ns, name: pods[0].metadata!.name! });
    expect(log).toContain('GET /anything');
  });

  it('writes Prometheus file_sd targets when a state dir is used (library API)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cell-sim-conf-'));
    const sim = await startSimulator({ cells: [{ name: 'files' }], stateDir: dir });
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(path.join(dir, 'files.kubeconfig'));
      const apps = kc.makeApiClient(k8s.AppsV1Api);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      await core.createNamespace({ body: { metadata: { name: 'shop' } } });
      await apps.createNamespacedDeployment({ namespace: 'shop', body: deployment('cart', 2, { labels: { version: 'v7' } }) });
      const targets = await waitFor('two targets', () => {
        const t = JSON.parse(fs.readFileSync(path.join(dir, 'prometheus', 'targets-files.json'), 'utf8'));
        return t.length === 2 ? t : undefined;
      });
      expect(targets[0]).toMatchObject({ labels: { cell: 'files', namespace: 'shop', app: 'cart', version: 'v7' } });
      expect(targets[0].targets[0]).toMatch(/^127\.\d+\.\d+\.\d+:8080$/);
      expect(fs.readFileSync(path.join(dir, 'kubeconfig'), 'utf8')).toContain('name: files');
    } finally {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeSimulatorOnly('SIM_* environment behaviours', 'SIM_* variables only drive the simulated app', () => {
  it('SIM_FAIL_RATE answers that share with 500', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('flaky', 1, { container: { env: [{ name: 'SIM_FAIL_RATE', value: '0.5' }] } }) });
    await waitForRollout(c.apps, ns, 'flaky');
    const ip = (await podsOf('flaky'))[0].status!.podIP!;
    const codes = await Promise.all(Array.from({ length: 200 }, () => get(`http://${ip}:8080/x`).then(r => r.status)));
    const failures = codes.filter(x => x === 500).length;
    expect(failures).toBeGreaterThan(50);
    expect(failures).toBeLessThan(150);
    // The probe path is never failed, so the pod stays ready (a probe may still time out on a
    // loaded machine: readiness is polled, the probe path's answers are checked directly).
    const probeCodes = await Promise.all(Array.from({ length: 50 }, () => get(`http://${ip}:8080/`).then(r => r.status)));
    expect(probeCodes.filter(x => x !== 200)).toEqual([]);
    await waitFor('the pod ready', async () => (await c.apps.readNamespacedDeployment({ namespace: ns, name: 'flaky' })).status?.readyReplicas === 1);
  });

  it('SIM_LATENCY_MS delays responses', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('slow', 1, { container: { env: [{ name: 'SIM_LATENCY_MS', value: '150' }] } }) });
    await waitForRollout(c.apps, ns, 'slow');
    const ip = (await podsOf('slow'))[0].status!.podIP!;
    const t0 = Date.now();
    await get(`http://${ip}:8080/`.replace(/\/$/, '/work'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('SIM_READY_AFTER_MS and SIM_NEVER_READY drive the readiness probe', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('late', 1, { container: { env: [{ name: 'SIM_READY_AFTER_MS', value: '1500' }] } }) });
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('never', 1, { container: { env: [{ name: 'SIM_NEVER_READY', value: 'true' }] } }) });
    const t0 = Date.now();
    await waitForRollout(c.apps, ns, 'late');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    await new Promise(r => setTimeout(r, 2500));
    const never = await c.apps.readNamespacedDeployment({ namespace: ns, name: 'never' });
    expect(never.status?.readyReplicas ?? 0).toBe(0);
    const pod = (await podsOf('never'))[0];
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.conditions?.find(x => x.type === 'Ready')?.status).toBe('False');
    const ip = pod.status!.podIP!;
    expect((await get(`http://${ip}:8080/`)).status).toBe(503);
  });

  it('SIM_CRASH_AFTER_MS restarts the container with CrashLoopBackOff', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('crashy', 1, { container: { env: [{ name: 'SIM_CRASH_AFTER_MS', value: '300' }] } }) });
    const pod = await waitFor('CrashLoopBackOff', async () => {
      const p = (await podsOf('crashy'))[0];
      const cs = p?.status?.containerStatuses?.[0];
      return cs && cs.restartCount >= 1 && cs.state?.waiting?.reason === 'CrashLoopBackOff' ? p : undefined;
    }, 60_000, 100);
    const cs = pod.status!.containerStatuses![0];
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs.state?.waiting?.message).toMatch(/^back-off \d+s restarting failed container=web pod=/);
    expect(cs.ready).toBe(false);
    const previous = await c.core.readNamespacedPodLog({ namespace: ns, name: pod.metadata!.name!, previous: true });
    expect(previous).toContain('SIM_CRASH_AFTER_MS');
    const events = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${pod.metadata!.name},reason=BackOff` });
    expect(events.items.length).toBeGreaterThan(0);
  });

  it('liveness failures restart the container', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('dead', 1, {
        container: {
          readinessProbe: undefined,
          // Nothing listens on port 9: the liveness probe fails.
          livenessProbe: { tcpSocket: { port: 9 as any }, periodSeconds: 1, failureThreshold: 2 },
        },
      }),
    });
    await waitFor('a restart', async () => ((await podsOf('dead'))[0]?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 60_000);
    const pod = (await podsOf('dead'))[0];
    const evs = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${pod.metadata!.name},reason=Killing` });
    expect(evs.items.some(e => e.message?.includes('failed liveness probe, will be restarted'))).toBe(true);
  });

  it('graceful deletion runs preStop, finishes in-flight requests, then stops accepting', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('drain', 1, {
        container: { env: [{ name: 'SIM_LATENCY_MS', value: '1500' }], lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } } },
      }),
    });
    await waitForRollout(c.apps, ns, 'drain');
    const pod = (await podsOf('drain'))[0];
    const ip = pod.status!.podIP!;
    const inflight = get(`http://${ip}:8080/slow`);
    await new Promise(r => setTimeout(r, 100));
    await c.core.deleteNamespacedPod({ namespace: ns, name: pod.metadata!.name! });
    // During preStop the server still accepts new connections.
    await new Promise(r => setTimeout(r, 300));
    expect((await get(`http://${ip}:8080/metrics`)).status).toBe(200);
    expect((await inflight).status).toBe(200);
    await waitFor('pod gone', async () => {
      try {
        await c.core.readNamespacedPod({ namespace: ns, name: pod.metadata!.name! });
        return false;
      } catch (e: any) {
        return e.code === 404;
      }
    });
    await expect(fetch(`http://${ip}:8080/`)).rejects.toThrow();
  });
});

describeSimulatorOnly('HorizontalPodAutoscaler', 'scaling decisions depend on the simulated CPU figures (SIM_CPU_MILLICORES) and a 1s sync period', () => {
  it('scales a Deployment from the pods\' reported CPU', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('busy', 1, { container: { env: [{ name: 'SIM_CPU_MILLICORES', value: '30' }], resources: { requests: { cpu: '10m' } } } }),
    });
    await waitForRollout(c.apps, ns, 'busy');
    await c.autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace: ns,
      body: {
        metadata: { name: 'busy' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'busy' },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        },
      },
    });
    const hpa = await waitFor('HPA at max replicas', async () => {
      const h = await c.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: ns, name: 'busy' });
      return h.status?.desiredReplicas === 3 ? h : undefined;
    }, 60_000);
    expect(hpa.status?.currentMetrics?.[0].resource?.current.averageUtilization).toBeGreaterThan(100);
    expect(hpa.status?.conditions?.find(x => x.type === 'ScalingLimited')?.reason).toBe('TooManyReplicas');
    await waitForRollout(c.apps, ns, 'busy');
    expect((await c.apps.readNamespacedDeployment({ namespace: ns, name: 'busy' })).spec?.replicas).toBe(3);
  });
});

describeSimulatorOnly('Kubernetes version', 'the version of a real cluster is what it is', () => {
  it('follows v1.26 by default and offers newer behaviour only when configured', async () => {
    const v127 = await startSimulator({ cells: [{ name: 'v127' }], kubernetesVersion: 'v1.27.4', timings: { bookmarkIntervalMs: 500 } });
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(v127.kubeconfig);
      expect((await kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion).toBe('v1.27.4');
      expect((await c.kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion).toBe('v1.26.15');
      const query = 'watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1';
      const res = await raw(kc, 'GET', `/api/v1/namespaces/default/configmaps?${query}`);
      expect(res.status).toBe(200);
      const events = res.body.trim().split('\n').map(l => JSON.parse(l));
      expect(events.find(e => e.type === 'BOOKMARK')?.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
      expect((await raw(c.kc, 'GET', `/api/v1/namespaces/default/configmaps?${query}`)).status).toBe(422);
    } finally {
      await v127.stop();
    }
  });
});

describeSimulatorOnly('cell reachability', 'a real cluster cannot be taken offline by the test suite', () => {
  it('refuses connections while unreachable and recovers', async () => {
    await c.sim!.setReachable('sim-only', false);
    await expect(c.core.listNamespace()).rejects.toThrow();
    await c.sim!.setReachable('sim-only', true);
    const list = await c.core.listNamespace();
    expect(list.items.length).toBeGreaterThan(0);
  });
});

if (!isSimulator) {
  it('runs against the cluster from CELLPORT_CONFORMANCE_KUBECONFIG', () => {
    expect(process.env.CELLPORT_CONFORMANCE_KUBECONFIG).toBeTruthy();
  });
}
