#!/usr/bin/env node
// Observability figures, against real components: four simulated cells (in this process), an app
// with three versions in every cell (12 pods) under a bounded loopback load, a real Prometheus
// scraping them, a real Alertmanager. Prints ONE JSON line:
//  - the dashboard (every panel, split by cell and version, last hour) through the plugin's
//    DashboardService: p50/p99 cold (a cache that never hits) and cached (memory store), over
//    REQUESTS calls each, and the Prometheus queries one view sends;
//  - alert fired -> notification delivered: an error-ratio rule (rendered by the plugin, checked by
//    promtool, loaded by the plugin's RuleLoader) on a version answering half of its requests with
//    500; from the moment Prometheus reports the alert firing to the moment the portal's webhook
//    receiver (the plugin's AlertReceiver, notifications recorded in memory) has sent the
//    notification, through Alertmanager (group_wait 1 s).
// Figures are printed, never asserted. Env: BENCH_REQUESTS (200); short form: 20.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, sized } from './_portal.mjs';

const require = createRequire(path.join(repoRoot, 'test/package.json'));
require('@backstage/cli/config/nodeTransform.cjs');
const { CacheManager } = require('@backstage/backend-defaults/cache');
const { ConfigReader } = require('@backstage/config');
const { startSimulator } = require('@cellport/cell-sim');
const k8s = require('@kubernetes/client-node');
// the plugin's services themselves (not its public API, which is the plugin): from the repository's sources
const obsSrc = path.join(repoRoot, 'plugins/observability-backend/src/services');
const obs = {
  ...require(path.join(obsSrc, 'dashboards/PrometheusClient.ts')),
  ...require(path.join(obsSrc, 'dashboards/DashboardService.ts')),
  ...require(path.join(obsSrc, 'alerts/AlertReceiver.ts')),
  ...require(path.join(obsSrc, 'alerts/RuleLoader.ts')),
  ...require(path.join(obsSrc, 'alerts/renderRules.ts')),
};

const { startPrometheus } = require(path.join(repoRoot, 'test/src/lib/prometheus.ts'));
const { startAlertmanager } = require(path.join(repoRoot, 'test/src/observability/alertmanager.ts'));

const REQUESTS = sized('BENCH_REQUESTS', 200, 20);
const CELLS = ['obs-1', 'obs-2', 'obs-3', 'obs-4'];
const VERSIONS = ['v1', 'v2', 'v3'];
const APP = 'bench';
const sleep = ms => new Promise(r => setTimeout(r, ms));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function eventually(what, fn, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(500);
  }
}

function deployment(app, version, env = []) {
  const labels = { 'cellport.io/app': app, 'cellport.io/version': version };
  return {
    metadata: { name: `${app}-${version}`, namespace: app, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'app',
            image: `example/${app}:${version}`,
            ports: [{ name: 'http', containerPort: 8080 }],
            env,
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
          }],
        },
      },
    },
  };
}

/** Sends `rps` requests per second round robin to the ready pods of `app` in every cell until stopped. */
function load(clients, app, rps) {
  let running = true;
  let targets = [];
  const refresh = async () => {
    const all = [];
    for (const c of Object.values(clients)) {
      const pods = await c.core.listNamespacedPod({ namespace: app });
      for (const p of pods.items) {
        if (p.status?.podIP && p.status.conditions?.some(x => x.type === 'Ready' && x.status === 'True')) {
          all.push(`http://${p.status.podIP}:8080/work`);
        }
      }
    }
    targets = all;
  };
  const loop = (async () => {
    let i = 0;
    let last = 0;
    while (running) {
      if (Date.now() - last > 3000) { await refresh().catch(() => undefined); last = Date.now(); }
      if (targets.length) fetch(targets[i++ % targets.length], { signal: AbortSignal.timeout(5000) }).then(r => r.arrayBuffer()).catch(() => undefined);
      await sleep(1000 / rps);
    }
  })();
  return async () => { running = false; await loop; };
}

const stops = [];
try {
  const sim = await startSimulator({ cells: CELLS.map(name => ({ name, region: 'obs', port: 0 })) });
  stops.push(() => sim.stop());
  const clients = {};
  for (const cell of sim.cells) {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cell.kubeconfig);
    clients[cell.name] = { core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
  }
  for (const [app, versions] of [[APP, VERSIONS.map(v => [v, []])], ['failing', [['v1', [{ name: 'SIM_FAIL_RATE', value: '0.5' }]]]]]) {
    for (const cell of CELLS) {
      await clients[cell].core.createNamespace({ body: { metadata: { name: app } } });
      for (const [version, env] of versions) {
        await clients[cell].apps.createNamespacedDeployment({ namespace: app, body: deployment(app, version, env) });
      }
    }
  }
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-bench-rules-'));
  stops.push(async () => fs.rmSync(rulesDir, { recursive: true, force: true }));
  const amPort = await freePort();
  const prom = await startPrometheus({ cells: sim.cells, rulesDir, alertmanagerUrl: `http://127.0.0.1:${amPort}` });
  stops.push(() => prom.stop());
  await prom.waitForTargets(CELLS.length * (VERSIONS.length + 1), { timeoutMs: 180_000 });
  const stopLoad = [await load(clients, APP, 20), await load(clients, 'failing', 8)];
  stops.push(async () => { for (const s of stopLoad) await s(); });

  // --- dashboard ------------------------------------------------------------------------------
  const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
  const prometheus = new obs.PrometheusClient({ baseUrl: prom.url });
  const cache = CacheManager.fromConfig(new ConfigReader({ backend: { cache: { store: 'memory' } } })).forPlugin('observability');
  const dashboards = obs.DashboardService.create({ prometheus, cache, logger, cacheSeconds: 600 });
  const query = { range: '1h', split: 'cellVersion', panels: require('@cellport/plugin-observability-common').PANEL_IDS };
  await eventually('every panel with 12 series', async () => {
    const d = await dashboards.getDashboard(APP, { ...query, end: new Date(Date.now() - 60_000 * Math.random()).toISOString() });
    return d.panels.every(p => p.series.length === CELLS.length * VERSIONS.length);
  });
  // cold: a cache that never hits, so every view asks Prometheus (current data, end = now)
  const noCache = { get: async () => undefined, set: async () => {}, delete: async () => {}, withOptions() { return this; } };
  const coldService = obs.DashboardService.create({ prometheus, cache: noCache, logger });
  const timed = async (service, n) => {
    const ms = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await service.getDashboard(APP, query);
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b);
  };
  const before = prometheus.queryCount;
  const cold = await timed(coldService, REQUESTS);
  const queriesPerView = (prometheus.queryCount - before) / REQUESTS;
  // cached: the plugin's cache (memory store) within one step of the range
  await dashboards.getDashboard(APP, query);
  const cached = await timed(dashboards, REQUESTS);

  // --- alert fired -> notification --------------------------------------------------------------
  const notified = [];
  const receiver = new obs.AlertReceiver(
    { recordEvent: async e => ({ ...e, id: String(notified.length), claimable: true, receivedAt: new Date().toISOString() }), claimNotification: async () => true, markNotified: async () => {}, releaseClaim: async () => {} },
    { withRoles: async () => ['user:default/alice'] },
    { send: async n => notified.push({ at: Date.now(), n }) },
    logger,
  );
  const secret = 'bench-secret';
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', async () => {
      if (req.headers.authorization !== `Bearer ${secret}`) { res.writeHead(401).end(); return; }
      await receiver.receive(JSON.parse(body));
      res.writeHead(200).end('{}');
    });
  });
  await new Promise(r => hook.listen(0, '127.0.0.1', r));
  stops.push(() => new Promise(r => hook.close(r)));
  const am = await startAlertmanager({ port: amPort, webhookUrl: `http://127.0.0.1:${hook.address().port}/`, secret });
  stops.push(() => am.stop());
  const loader = new obs.RuleLoader({ rulesDir, prometheusUrl: prom.url, logger });
  const rule = { id: 'r1', app: 'failing', name: 'errors', metric: 'errorRatio', threshold: 0.1, for: '10s', severity: 'critical', createdBy: 'bench', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
  const file = obs.renderRuleFile('failing', [rule]);
  await loader.check(file);
  await loader.apply(new Map([[obs.ruleFileName('failing'), file]]));
  // poll Prometheus' alert state every 100 ms: when it turns firing, the clock starts
  const firingAt = await eventually('the alert firing in Prometheus', async () => {
    const body = await (await fetch(`${prom.url}/api/v1/alerts`)).json();
    return body.data.alerts.some(a => a.state === 'firing') ? Date.now() : undefined;
  });
  await eventually('the notification', async () => notified.length > 0, 120_000);
  const fireToNotify = notified[0].at - firingAt;

  console.log(JSON.stringify({
    bench: 'observability-dashboard',
    app: { cells: CELLS.length, versions: VERSIONS.length, pods: CELLS.length * VERSIONS.length, panels: query.panels.length, split: query.split, range: query.range },
    dashboard_ms: {
      cold: { p50: round(pct(cold, 50)), p99: round(pct(cold, 99)), n: cold.length },
      cached: { p50: round(pct(cached, 50), 2), p99: round(pct(cached, 99), 2), n: cached.length },
    },
    prometheus_queries_per_view: queriesPerView,
    alert: { rule: 'errorRatio > 0.1 for 10s', prometheus_eval_interval_s: 5, alertmanager_group_wait_s: 1, firing_to_notification_ms: fireToNotify },
  }));
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}
process.exit(0);
