/* eslint-disable jest/no-export, jest/valid-describe-callback, jest/valid-title, jest/no-disabled-tests, jest/expect-expect */
/**
 * Shared setup of the Kubernetes conformance suite.
 *
 * The suite talks to a cluster only through @kubernetes/client-node and a kubeconfig:
 * - by default it starts a simulated cell (@cellport/cell-sim) in-process;
 * - with CELLPORT_CONFORMANCE_KUBECONFIG=<path> it runs against that real cluster instead
 *   (optional CELLPORT_CONFORMANCE_CONTEXT selects the context).
 * Checks that only make sense for the simulator are declared with {@link describeSimulatorOnly},
 * which names the reason when they do not run.
 */
import * as k8s from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { eventually } from '@cellport/test-utils';

/** Kubeconfig of a real cluster to test instead of the simulator. */
export const REAL_KUBECONFIG = process.env.CELLPORT_CONFORMANCE_KUBECONFIG;
/** Whether the suite runs against the simulator. */
export const isSimulator = !REAL_KUBECONFIG;

/** Image used for workloads: the Kubernetes e2e test image, serving HTTP on 8080 with netexec. */
export const TEST_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.47';

/** A container serving HTTP on 8080 (real cluster: agnhost netexec; simulator: the simulated app). */
export function webContainer(extra: Partial<k8s.V1Container> = {}): k8s.V1Container {
  return {
    name: 'web',
    image: TEST_IMAGE,
    args: ['netexec', '--http-port=8080'],
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/', port: 'http' as any }, periodSeconds: 1, failureThreshold: 1 },
    resources: { requests: { cpu: '10m', memory: '16Mi' } },
    ...extra,
  };
}

/** Defines a describe block that only exists for the simulator, saying why otherwise. */
export function describeSimulatorOnly(title: string, reason: string, fn: () => void) {
  if (isSimulator) {
    describe(title, fn);
  } else {
    describe(`${title} [simulator only]`, () => {
      it.skip(`not run against a real cluster: ${reason}`, () => {});
    });
  }
}

/** Clients for one cluster. */
export interface Cluster {
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  autoscaling: k8s.AutoscalingV2Api;
  discovery: k8s.DiscoveryV1Api;
  coordination: k8s.CoordinationV1Api;
  objects: k8s.KubernetesObjectApi;
  sim?: Simulator;
  /** Creates a namespace for the test file, deleted in {@link Cluster.close}. */
  namespace(prefix?: string): Promise<string>;
  close(): Promise<void>;
}

/** Connects to the cluster under test (starting a simulator when no kubeconfig is given). */
export async function connect(options: { simTimings?: Record<string, number>; cellName?: string } = {}): Promise<Cluster> {
  const kc = new k8s.KubeConfig();
  let sim: Simulator | undefined;
  if (REAL_KUBECONFIG) {
    kc.loadFromFile(REAL_KUBECONFIG);
    if (process.env.CELLPORT_CONFORMANCE_CONTEXT) kc.setCurrentContext(process.env.CELLPORT_CONFORMANCE_CONTEXT);
  } else {
    sim = await startSimulator({
      cells: [{ name: options.cellName ?? 'conformance' }],
      timings: { crashLoopBackOffBaseMs: 2000, hpaSyncPeriodMs: 1000, bookmarkIntervalMs: 500, ...(options.simTimings ?? {}) },
    });
    kc.loadFromString(sim.kubeconfig);
  }
  const namespaces: string[] = [];
  const core = kc.makeApiClient(k8s.CoreV1Api);
  return {
    kc,
    core,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    discovery: kc.makeApiClient(k8s.DiscoveryV1Api),
    coordination: kc.makeApiClient(k8s.CoordinationV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    sim,
    async namespace(prefix = 'cp-conf') {
      const name = `${prefix}-${randomBytes(3).toString('hex')}`;
      await core.createNamespace({ body: { metadata: { name, labels: { 'cellport.io/conformance': 'true' } } } });
      namespaces.push(name);
      return name;
    },
    async close() {
      for (const ns of namespaces) {
        try {
          await core.deleteNamespace({ name: ns });
        } catch {
          // already gone
        }
      }
      await sim?.stop();
    },
  };
}

/** Polls until `fn` returns a truthy value: `eventually` of @cellport/test-utils with positional options. */
export function waitFor<T>(what: string, fn: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 60_000, intervalMs = 200): Promise<T> {
  return eventually(what, fn, { timeoutMs, intervalMs });
}

/** Awaits a call expected to fail with an HTTP status; returns the parsed Status body. */
export async function expectStatus(call: Promise<unknown>, code: number): Promise<any> {
  try {
    await call;
  } catch (e: any) {
    if (e?.code !== code) throw new Error(`expected HTTP ${code}, got ${e?.code}: ${e?.message} ${typeof e?.body === 'string' ? e.body : JSON.stringify(e?.body)}`);
    return typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  }
  throw new Error(`expected HTTP ${code}, but the call succeeded`);
}

/** Raw HTTP request to the API server with the kubeconfig's credentials. */
export async function raw(kc: k8s.KubeConfig, method: string, path: string, opts: { body?: string; headers?: Record<string, string>; token?: string | null } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const cluster = kc.getCurrentCluster()!;
  const url = new URL(cluster.server + path);
  const reqOpts: https.RequestOptions = { method, headers: { Accept: 'application/json', ...(opts.headers ?? {}) } };
  await kc.applyToHTTPSOptions(reqOpts);
  const headers = (reqOpts.headers ?? {}) as Record<string, string>;
  if (opts.token !== undefined) {
    delete headers.Authorization;
    delete headers.authorization;
    if (opts.token !== null) headers.Authorization = `Bearer ${opts.token}`;
  }
  if (opts.body) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...reqOpts, headers, agent: undefined }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** Patch request options for a content type. */
export function patchAs(strategy: string) {
  return k8s.setHeaderOptions('Content-Type', strategy);
}

/** A Deployment of the test image. */
export function deployment(name: string, replicas: number, extra: { labels?: Record<string, string>; container?: Partial<k8s.V1Container>; spec?: Partial<k8s.V1DeploymentSpec> } = {}): k8s.V1Deployment {
  const labels = { app: name, ...(extra.labels ?? {}) };
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: { terminationGracePeriodSeconds: 5, containers: [webContainer(extra.container)] },
      },
      ...(extra.spec ?? {}),
    },
  };
}

/** Waits until a Deployment's rollout is complete (`kubectl rollout status` semantics). */
export async function waitForRollout(apps: k8s.AppsV1Api, namespace: string, name: string, timeoutMs = 120_000): Promise<k8s.V1Deployment> {
  return waitFor(`rollout of ${namespace}/${name}`, async () => {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    const s = d.status ?? {};
    const want = d.spec?.replicas ?? 1;
    const progressing = s.conditions?.find(c => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') throw new Error(`rollout of ${name} exceeded its deadline`);
    const done =
      (d.metadata?.generation ?? 0) <= (s.observedGeneration ?? 0) &&
      (s.updatedReplicas ?? 0) >= want &&
      (s.replicas ?? 0) === (s.updatedReplicas ?? 0) &&
      (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0);
    return done ? d : undefined;
  }, timeoutMs, 250);
}
