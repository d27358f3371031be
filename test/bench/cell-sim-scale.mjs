// Benchmark of the simulated cells: two cells x 300 pods on this machine.
// Prints ONE JSON line: rollout time to all pods Ready (probe delays 0), watch event latency
// p50/p99, list latency for 300 pods, RSS. Figures are printed, not asserted.
// Run: scripts/with-node.sh node test/bench/cell-sim-scale.mjs [--pods 300] [--cells 2]
// Short form (CELLPORT_BENCH_SHORT=1): 30 pods per cell, 50 watch events, 5 lists.
import { createRequire } from 'node:module';
import * as k8s from '@kubernetes/client-node';
import { SHORT } from './_portal.mjs';

const require = createRequire(import.meta.url);
// The package is TypeScript: load it through the Backstage CLI's node transform.
require('@backstage/cli/config/nodeTransform.cjs');
const { startSimulator } = require('@cellport/cell-sim');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PODS = arg('pods', SHORT ? 30 : 300);
const CELLS = arg('cells', 2);

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const round = v => Math.round(v * 10) / 10;

const sim = await startSimulator({ cells: Array.from({ length: CELLS }, (_, i) => ({ name: `bench-${i + 1}`, nodes: Math.ceil(PODS / 100) + 1 })) });
const clients = sim.cells.map(cell => {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(cell.kubeconfig);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
});

try {
  const deployment = {
    metadata: { name: 'bench' },
    spec: {
      replicas: PODS,
      selector: { matchLabels: { app: 'bench' } },
      template: {
        metadata: { labels: { app: 'bench', version: 'v1' } },
        spec: {
          containers: [{
            name: 'web', image: 'bench:v1', ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 0, periodSeconds: 10 },
            resources: { requests: { cpu: '10m', memory: '16Mi' } },
          }],
        },
      },
    },
  };
  const t0 = performance.now();
  await Promise.all(clients.map(c => c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment })));
  const readyAt = await Promise.all(clients.map(async c => {
    for (;;) {
      const d = await c.apps.readNamespacedDeployment({ namespace: 'default', name: 'bench' });
      if ((d.status?.readyReplicas ?? 0) >= PODS && (d.status?.availableReplicas ?? 0) >= PODS) return performance.now() - t0;
      await new Promise(r => setTimeout(r, 100));
    }
  }));
  const rolloutMs = Math.max(...readyAt);

  // List latency for the pods of one cell.
  const listMs = [];
  for (let i = 0; i < (SHORT ? 5 : 20); i++) {
    const s = performance.now();
    const list = await clients[0].core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=bench' });
    listMs.push(performance.now() - s);
    if (list.items.length !== PODS) throw new Error(`expected ${PODS} pods, got ${list.items.length}`);
  }

  // Watch event latency: time from sending a write to receiving its watch event.
  const c0 = clients[0];
  const sent = new Map();
  const latencies = [];
  const list = await c0.core.listNamespacedConfigMap({ namespace: 'default' });
  let resolveAll;
  const all = new Promise(r => { resolveAll = r; });
  const N = SHORT ? 50 : 300;
  const watch = await new k8s.Watch(c0.kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: list.metadata.resourceVersion }, (type, obj) => {
    const s = sent.get(obj.metadata.name);
    if (type === 'ADDED' && s !== undefined) {
      latencies.push(performance.now() - s);
      if (latencies.length === N) resolveAll();
    }
  }, () => {});
  for (let i = 0; i < N; i++) {
    const name = `w-${i}`;
    sent.set(name, performance.now());
    await c0.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name }, data: { i: String(i) } } });
  }
  let timer;
  await Promise.race([all, new Promise(r => { timer = setTimeout(r, 30_000); })]);
  clearTimeout(timer);
  watch.abort();

  const mem = process.memoryUsage();
  console.log(JSON.stringify({
    benchmark: 'cell-sim-scale',
    short: SHORT,
    cells: CELLS,
    podsPerCell: PODS,
    rolloutToAllReadyMs: Math.round(rolloutMs),
    rolloutPerCellMs: readyAt.map(Math.round),
    watchLatencyMs: { p50: round(pct(latencies, 50)), p99: round(pct(latencies, 99)), events: latencies.length },
    listPodsLatencyMs: { p50: round(pct(listMs, 50)), p99: round(pct(listMs, 99)), items: PODS },
    rssMB: Math.round(mem.rss / 1024 / 1024),
    heapUsedMB: Math.round(mem.heapUsed / 1024 / 1024),
    node: process.version,
  }));
} finally {
  await sim.stop();
}
