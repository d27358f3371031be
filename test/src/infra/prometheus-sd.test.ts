/*
 * A real Prometheus discovers and scrapes the pods of simulated cells through each cell's
 * Kubernetes API (jobs from cellScrapeConfigs), and the release gates' PromQL separates a failing
 * version from a healthy one. In-process simulator and a private Prometheus on free ports only.
 */
import * as k8s from '@kubernetes/client-node';
import { Simulator, startSimulator } from '@cellport/cell-sim';
import { PromTarget, startPrometheus, TestPrometheus } from '../lib/prometheus';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(420_000);

/** The release engine's gate queries (templates as in a MetricGate). */
const GATES = {
  errorRatio:
    'sum(rate(http_requests_total{app="{{app}}",version="{{version}}",cell="{{cell}}",code=~"5.."}[30s])) / sum(rate(http_requests_total{app="{{app}}",version="{{version}}",cell="{{cell}}"}[30s]))',
  /** Same, but 0 instead of no data while the version has served no 5xx at all. */
  errorRatioOrZero:
    '(sum(rate(http_requests_total{app="{{app}}",version="{{version}}",cell="{{cell}}",code=~"5.."}[30s])) or vector(0)) / sum(rate(http_requests_total{app="{{app}}",version="{{version}}",cell="{{cell}}"}[30s]))',
  p99: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{app="{{app}}",version="{{version}}",cell="{{cell}}"}[30s])))',
};

const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k]);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const waitFor = <T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
) => eventually(what, check, { until: 'defined', intervalMs: 500, timeoutMs });

interface Clients {
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
}

function version(
  name: string,
  replicas: number,
  env: k8s.V1EnvVar[] = [],
): k8s.V1Deployment {
  const labels = { 'cellport.io/app': 'shop', 'cellport.io/version': name };
  return {
    metadata: { name: `shop-${name}`, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'web',
              image: `shop:${name}`,
              env,
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

describe('Prometheus discovers the pods of the cells through their Kubernetes API', () => {
  let sim: Simulator;
  let prom: TestPrometheus;
  const clients: Record<string, Clients> = {};

  const pods = async (cell: string, selector = 'cellport.io/app=shop') =>
    (
      await clients[cell].core.listNamespacedPod({
        namespace: 'shop',
        labelSelector: selector,
      })
    ).items.filter(p => !p.metadata?.deletionTimestamp);

  const rolledOut = (cell: string, name: string, replicas: number) =>
    waitFor(`${cell}/${name} rolled out`, async () => {
      const d = await clients[cell].apps.readNamespacedDeployment({
        namespace: 'shop',
        name,
      });
      const s = d.status ?? {};
      return s.readyReplicas === replicas &&
        s.updatedReplicas === replicas &&
        (s.replicas ?? 0) === replicas
        ? true
        : undefined;
    });

  const podNames = (targets: PromTarget[]) =>
    targets.map(t => t.labels.pod).sort();

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [
        { name: 'prom-a', region: 'test' },
        { name: 'prom-b', region: 'test', tls: true },
      ],
    });
    for (const cell of sim.cells) {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(cell.kubeconfig);
      clients[cell.name] = {
        core: kc.makeApiClient(k8s.CoreV1Api),
        apps: kc.makeApiClient(k8s.AppsV1Api),
      };
    }
    prom = await startPrometheus({ cells: sim.cells });
  });

  afterAll(async () => {
    await prom?.stop();
    await sim?.stop();
  });

  it('finds the app pods with namespace, pod, container, node, app, version and cell labels', async () => {
    for (const cell of ['prom-a', 'prom-b']) {
      await clients[cell].core.createNamespace({
        body: { metadata: { name: 'shop' } },
      });
    }
    const { apps } = clients['prom-a'];
    await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: version('v1', 2),
    });
    await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: version('v2', 2, [
        { name: 'SIM_FAIL_RATE', value: '0.5' },
        { name: 'SIM_LATENCY_MS', value: '100-150' },
      ]),
    });
    // not an app pod: no cellport.io/app label, so never scraped
    await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: {
        metadata: { name: 'other' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'other' } },
          template: {
            metadata: { labels: { app: 'other' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'other:1',
                  ports: [{ name: 'http', containerPort: 8080 }],
                },
              ],
            },
          },
        },
      },
    });
    await clients['prom-b'].apps.createNamespacedDeployment({
      namespace: 'shop',
      body: version('v1', 1),
    });
    await rolledOut('prom-a', 'shop-v1', 2);
    await rolledOut('prom-a', 'shop-v2', 2);
    await rolledOut('prom-a', 'other', 1);
    await rolledOut('prom-b', 'shop-v1', 1);

    const targets = await prom.waitForTargets(5);
    const expected = [];
    for (const cell of ['prom-a', 'prom-b']) {
      for (const p of await pods(cell)) {
        expected.push({
          job: `cell-${cell}`,
          instance: `${p.status!.podIP}:8080`,
          cell,
          region: 'test',
          namespace: 'shop',
          pod: p.metadata!.name!,
          container: 'web',
          node: p.spec!.nodeName!,
          app: 'shop',
          version: p.metadata!.labels!['cellport.io/version'],
        });
      }
    }
    const key = (l: { cell: string; pod: string }) => `${l.cell}/${l.pod}`;
    expect(
      targets
        .map(t => t.labels)
        .sort((x, y) => key(x as any).localeCompare(key(y as any))),
    ).toEqual(expected.sort((x, y) => key(x).localeCompare(key(y))));
    for (const t of targets) {
      expect(t.scrapeUrl).toBe(`http://${t.labels.instance}/metrics`);
      expect(t.health).toBe('up');
    }
  });

  it('the error-ratio and p99 gate queries separate the failing version from the healthy one', async () => {
    const ips = (await pods('prom-a')).map(p => p.status!.podIP!);
    expect(ips).toHaveLength(4);
    // the simulated app names itself after the cellport.io labels
    const v2Ip = (await pods('prom-a', 'cellport.io/version=v2'))[0].status!
      .podIP!;
    expect(
      await (await fetch(`http://${v2Ip}:8080/metrics-free-path`)).json(),
    ).toMatchObject({ app: 'shop', version: 'v2', cell: 'prom-a' });
    // bounded load: a few requests per pod every ~50 ms, at most 4 minutes
    const load = { sending: true, sent: 0 };
    const hitAll = () =>
      Promise.all(
        ips.map(ip =>
          fetch(`http://${ip}:8080/work`)
            .then(r => r.arrayBuffer())
            .then(() => {
              load.sent++;
            })
            .catch(() => undefined),
        ),
      );
    const traffic = (async () => {
      const stopAt = Date.now() + 240_000;
      while (load.sending && Date.now() < stopAt) {
        await hitAll();
        await sleep(50);
      }
    })();
    try {
      const q = async (gate: keyof typeof GATES, v: string) =>
        prom.query(
          fill(GATES[gate], { app: 'shop', version: v, cell: 'prom-a' }),
        );
      const v2Pods = (await pods('prom-a', 'cellport.io/version=v2'))
        .map(p => p.metadata!.name)
        .sort();
      // enough scraped traffic: every v2 pod has a 5xx rate (two scrapes or more) and v2 served 100+
      await waitFor(
        'traffic scraped from every pod',
        async () => {
          const perPod = await prom.query(
            'sum by (pod) (rate(http_requests_total{app="shop",version="v2",cell="prom-a",code="500"}[30s]))',
          );
          const served = await prom.query(
            'sum(http_requests_total{app="shop",version="v2",cell="prom-a"})',
          );
          const v1 = await q('p99', 'v1');
          return JSON.stringify(perPod.map(x => x.metric.pod).sort()) ===
            JSON.stringify(v2Pods) &&
            (served[0]?.value ?? 0) >= 100 &&
            v1.length === 1
            ? true
            : undefined;
        },
        180_000,
      );
      const one = async (gate: keyof typeof GATES, v: string) => {
        const r = await q(gate, v);
        expect(r).toHaveLength(1);
        return r[0].value;
      };
      expect(load.sent).toBeGreaterThan(0);
      // SIM_FAIL_RATE=0.5: about half of v2's requests fail
      const v2Ratio = await one('errorRatio', 'v2');
      expect(v2Ratio).toBeGreaterThan(0.25);
      expect(v2Ratio).toBeLessThan(0.75);
      // v1 never answered 5xx: the plain ratio has no data (no 5xx series), `or vector(0)` gives 0
      expect(await q('errorRatio', 'v1')).toEqual([]);
      expect(await one('errorRatioOrZero', 'v1')).toBe(0);
      expect(await one('errorRatioOrZero', 'v2')).toBeGreaterThan(0.25);
      // SIM_LATENCY_MS=100-150 on v2 only
      expect(await one('p99', 'v2')).toBeGreaterThan(0.1);
      expect(await one('p99', 'v1')).toBeLessThan(0.1);
    } finally {
      load.sending = false;
      await traffic;
    }
  });

  it('a pod scaled away or deleted leaves the targets', async () => {
    const before = await prom.waitForTargets(5);
    await clients['prom-a'].apps.patchNamespacedDeploymentScale(
      { namespace: 'shop', name: 'shop-v2', body: { spec: { replicas: 1 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await rolledOut('prom-a', 'shop-v2', 1);
    const [gone] = await waitFor(
      'the scaled-away pod gone from the API',
      async () => {
        const left = (await pods('prom-a', 'cellport.io/version=v2')).map(
          p => p.metadata!.name!,
        );
        const all = (
          await clients['prom-a'].core.listNamespacedPod({
            namespace: 'shop',
            labelSelector: 'cellport.io/version=v2',
          })
        ).items;
        const removed = before
          .filter(t => t.labels.cell === 'prom-a' && t.labels.version === 'v2')
          .map(t => t.labels.pod)
          .filter(p => !left.includes(p));
        return removed.length === 1 && all.length === 1 ? removed : undefined;
      },
    );
    const afterScale = await prom.waitForTargets(4);
    expect(podNames(afterScale)).not.toContain(gone);

    const [victim] = await pods('prom-b');
    await clients['prom-b'].core.deleteNamespacedPod({
      namespace: 'shop',
      name: victim.metadata!.name!,
    });
    const replaced = await waitFor(
      'the deleted pod replaced in the targets',
      async () => {
        const t = await prom.waitForTargets(4, { timeoutMs: 5_000 });
        const b = t.filter(x => x.labels.cell === 'prom-b');
        return b.length === 1 && b[0].labels.pod !== victim.metadata!.name
          ? t
          : undefined;
      },
    );
    expect(podNames(replaced)).not.toContain(victim.metadata!.name);
    expect(podNames(replaced)).toEqual(
      [
        ...(await pods('prom-a')).map(p => p.metadata!.name!),
        ...(await pods('prom-b')).map(p => p.metadata!.name!),
      ].sort(),
    );
  });

  it('Prometheus logged no discovery or configuration errors', () => {
    const errors = prom
      .logs()
      .split('\n')
      .filter(l => /level=error/.test(l) && /discovery|config/i.test(l));
    expect(errors).toEqual([]);
  });
});
