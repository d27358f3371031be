#!/usr/bin/env node
// Read paths of the cells API, against the real cells backend plugin (SQLite) and four simulated
// cells (in a child process). Prints ONE JSON line:
//  - app overview (GET /apps/:app/overview) of an app in 4 cells with 60 pods: 15 per cell, of two
//    versions (8 of the stable v1 and a 7-pod canary of v2, held by a release waiting for approval),
//    p50/p99 at 1, 10 and 50 concurrent viewers, each both `fresh` (no validator: 200 and the body
//    every time) and `conditional` (If-None-Match with the last ETag, as a polling browser sends:
//    304 without a body while nothing changed; the viewers' connections opened before, all at once,
//    as `coldBurst`), with the Kubernetes API requests the backend sent
//    to the cells per view meanwhile (the overview reads watch-backed caches: list+watch per cell,
//    so this stays near 0 and does not grow with viewers; the release driver's own reads count too)
//    and the CPU time per view of this process (backend and client), which a loaded machine does
//    not inflate the way it inflates latencies;
//  - apps list (GET /apps) with 200 apps: for a user member of all of them (their Owner) and for a
//    user member of 20 (the filter is a database subquery), p50/p99 over REQUESTS calls each,
//    sequential, and the first one also from 10 concurrent clients;
//  - for comparison, the Kubernetes reads behind one overview (Deployments, HPAs and Pods of the
//    app in each of the 4 cells, cells in parallel) made directly from this process: raw HTTP +
//    JSON.parse, and through @kubernetes/client-node's typed API as the backend does;
//  - open file descriptors: growth per overview request (sockets the backend leaves open) and totals.
// Every call goes through the production HTTP stack (helmet, gzip as the client accepts it) over
// keep-alive loopback connections; the overview's viewers run in a worker thread
// (_overviewViewers.mjs), the other clients in this thread. Figures are printed, never asserted.
// Env: BENCH_REQUESTS (300), BENCH_APPS (200), BENCH_CLIENTS (10), BENCH_CPU_PROFILE_FRESH and
// BENCH_CPU_PROFILE_CONDITIONAL (files: the CPU profile of this process during the 50-viewer
// overviews of each kind, for Chrome's DevTools); the short form
// (CELLPORT_BENCH_SHORT=1): 40 requests, 40 apps (member of 4).
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  as,
  eventually,
  latencyFigures,
  load,
  round,
  startCellsBackend,
} from './_cells.mjs';
import { SHORT, repoRoot, sized } from './_portal.mjs';

const require = createRequire(path.join(repoRoot, 'plugins/cells-backend/package.json'));
const k8s = require('@kubernetes/client-node');

const REQUESTS = sized('BENCH_REQUESTS', 300, 40);
const APPS = sized('BENCH_APPS', 200, 40);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 10);
const MEMBER_OF = SHORT ? 4 : 20;
const WARMUP = SHORT ? 5 : 20;
const KUBE_CLIENT_REQUESTS = SHORT ? 10 : 50;
const CELLS = ['view-1', 'view-2', 'view-3', 'view-4'];
const STABLE = 8;
const CANARY = 7;
const APP = 'big';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const spec = tag => ({
  image: `example/big:${tag}`,
  replicas: Object.fromEntries(CELLS.map(c => [c, STABLE])),
  healthCheck: { path: '/healthz', periodSeconds: 1 },
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
});

/** Runs `fn` over `items` with at most `n` at once. */
async function inParallel(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  }));
}

const VIEWERS = [1, 10, 50];
/** The overview page polls every 5 s (OVERVIEW_POLL_MS of the frontend); the short form every 1 s. */
const POLL_MS = SHORT ? 1000 : 5000;
const POLL_ROUNDS = SHORT ? 3 : 6;

/**
 * Counts the HTTP requests this process (the backend runs in it) sends to the cells: client-node
 * sends through undici, which reports every request on this diagnostics channel.
 */
const kubeRequests = { origins: new Set(), count: 0 };
diagnostics.subscribe('undici:request:create', ({ request }) => {
  if (kubeRequests.origins.has(String(request.origin).replace(/\/$/, ''))) kubeRequests.count++;
});

/** Runs `fn` under the V8 CPU profiler and writes the profile to `file` (when given). */
async function profiled(file, fn) {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** Open file descriptors of this process (sockets included). */
const openFds = () => fs.readdirSync('/proc/self/fd').length;

/** GET `urlPath` as `user`; an overview with a cell in error counts as an error. */
async function get(client, urlPath, user) {
  const res = await client.call('GET', urlPath, user);
  const failed = res.status === 200 && res.body?.cells?.filter(c => c.error);
  return failed?.length ? { ...res, status: 'cell error', body: failed.map(c => c.error) } : res;
}

async function measure(client, urlPath, user, clients) {
  for (let i = 0; i < WARMUP; i++) await get(client, urlPath, user);
  const result = await load({ requests: REQUESTS, clients, fn: () => get(client, urlPath, user) });
  return { clients, ...latencyFigures(result) };
}

/** GET `urlPath` of a cell over raw HTTP(S) (its CA trusted), parsed as JSON; rejects unless 200. */
function rawGet(c, urlPath) {
  const url = new URL(urlPath, c.cell.url);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    mod.get(url, { agent: url.protocol === 'https:' ? c.agent : undefined, headers: { authorization: `Bearer ${c.cell.token}` } }, res => {
      let body = '';
      res.on('data', d => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${urlPath}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}

/** The overview's Kubernetes reads, made directly: `raw` (fetch + JSON) or through client-node. */
async function kubeReads(sim, mode, requests) {
  const selector = `cellport.io/app=${APP}`;
  const paths = [
    `/apis/apps/v1/namespaces/${APP}/deployments`,
    `/apis/autoscaling/v2/namespaces/${APP}/horizontalpodautoscalers`,
    `/api/v1/namespaces/${APP}/pods`,
  ];
  const cells = CELLS.map(name => {
    const cell = sim.cell(name);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cell.kubeconfig);
    const caData = kc.getCurrentCluster()?.caData;
    return {
      cell,
      // raw HTTPS with the cell's own CA (the simulated cells serve TLS like a real API server)
      agent: new https.Agent({ keepAlive: true, ...(caData ? { ca: Buffer.from(caData, 'base64') } : {}) }),
      core: kc.makeApiClient(k8s.CoreV1Api),
      apps: kc.makeApiClient(k8s.AppsV1Api),
      autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    };
  });
  const once = () =>
    Promise.all(cells.map(c => mode === 'raw'
      ? Promise.all(paths.map(p => rawGet(c, `${p}?labelSelector=${encodeURIComponent(selector)}`)))
      : Promise.all([
        c.apps.listNamespacedDeployment({ namespace: APP, labelSelector: selector }),
        c.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: APP, labelSelector: selector }),
        c.core.listNamespacedPod({ namespace: APP, labelSelector: selector }),
      ])));
  const fn = async () => {
    const start = performance.now();
    try {
      await once();
      return { status: 200, ms: performance.now() - start };
    } catch (e) {
      return { status: 0, body: `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`, ms: performance.now() - start };
    }
  };
  for (let i = 0; i < WARMUP; i++) await fn();
  const r = await load({ requests, clients: 1, fn });
  const { p50Ms, p99Ms, errors, firstError } = latencyFigures(r);
  for (const c of cells) c.agent.destroy();
  if (errors === requests) throw new Error(`every direct ${mode} read failed: ${firstError}`);
  return { requests, p50Ms, p99Ms, errors, ...(firstError ? { firstError } : {}) };
}

async function main() {
  // the cells in a process of their own: the backend opens a connection per Kubernetes call
  // (see overviewOpenFdsGrowthPerRequest), and both ends in one process would exhaust its fds
  const backend = await startCellsBackend({ cells: CELLS, users: [ALICE, BOB], simProcess: true });
  const { client } = backend;
  const out = { bench: 'cells-views', short: SHORT };
  try {
    // ---- the app: 4 cells x (8 stable + 7 canary) pods -------------------------------------------
    const t0 = performance.now();
    await client.ok('POST', '/apps', ALICE, { name: APP, production: true, cells: CELLS });
    await client.ok('POST', `/apps/${APP}/versions`, ALICE, { name: 'v1', spec: spec('1') });
    await client.ok('POST', `/apps/${APP}/versions`, ALICE, { name: 'v2', spec: spec('2') });
    const release = await eventually('v1 Ready, canary of v2 started', async () => {
      const o = await client.ok('GET', `/apps/${APP}/overview`, ALICE);
      if (!o.cells.every(c => c.versions.find(v => v.version === 'v1')?.ready === STABLE)) return false;
      return client.ok('POST', `/apps/${APP}/releases`, ALICE, {
        version: 'v2',
        steps: [
          { cells: CELLS, canary: { replicas: CANARY }, approval: 'manual' },
          { cells: CELLS, canary: { percent: 100 } },
        ],
      });
    });
    const overview = await eventually('60 pods Ready, the canary waiting for approval', async () => {
      const r = await client.ok('GET', `/apps/${APP}/releases/${release.id}`, ALICE);
      if (r.state !== 'waiting-approval') {
        if (!['running'].includes(r.state)) throw new Error(`release ${r.state}: ${r.reason}`);
        return false;
      }
      const o = await client.ok('GET', `/apps/${APP}/overview`, ALICE);
      const pods = o.cells.flatMap(c => c.pods);
      return pods.length === CELLS.length * (STABLE + CANARY) && pods.every(p => p.ready) && o;
    });
    out.overviewSetupSeconds = Math.round((performance.now() - t0) / 100) / 10;
    out.overviewApp = {
      cells: overview.cells.length,
      pods: overview.cells.reduce((n, c) => n + c.pods.length, 0),
      versions: [...new Set(overview.cells.flatMap(c => c.versions.map(v => v.version)))].length,
    };
    const overviewPath = `/apps/${APP}/overview`;
    const sample = await client.call('GET', overviewPath, ALICE);
    out.overviewResponseBytes = { json: sample.bytes, gzip: sample.wireBytes };
    for (const name of CELLS) kubeRequests.origins.add(backend.sim.cell(name).url.replace(/\/$/, ''));
    const fdsBefore = openFds();
    let viewed = 0;
    // Two kinds of viewers. `fresh`: every request without a validator, as a first page load or
    // a client without a cache (200 and the body each time). `conditional`: every request with
    // If-None-Match set to the ETag of the viewer's last answer, as a browser polling the page
    // does with its HTTP cache (the frontend asks with fetch; the answers' Cache-Control is
    // private, no-cache): 304 without a body while the overview is unchanged.
    // Last, `polling`: 50 conditional viewers asking every POLL_MS each (spread over it), as open
    // overview pages poll, POLL_ROUNDS times.
    const phases = [
      ...['fresh', 'conditional'].flatMap(mode => VIEWERS.map(viewers => ({ mode, viewers }))),
      { mode: 'conditional', viewers: 50, polling: true },
    ];
    for (const { mode, viewers, polling } of phases) {
      const requests = polling ? viewers * POLL_ROUNDS : Math.max(REQUESTS, viewers * (SHORT ? 2 : 10));
      // the viewers run in a worker thread: off the backend's event loop, as real viewers are
      const worker = new Worker(new URL('./_overviewViewers.mjs', import.meta.url), {
        workerData: {
          url: `${backend.url}${overviewPath}`,
          authorization: as(ALICE),
          mode,
          viewers,
          // every viewer opens its connection first, all at once (the cold burst, reported on
          // its own): browsers polling a page keep theirs open between polls
          warmRequests: Math.max(WARMUP, viewers * 2),
          requests,
          intervalMs: polling ? POLL_MS : undefined,
        },
      });
      try {
        const messages = [];
        const next = () => new Promise((resolve, reject) => {
          if (messages.length) return resolve(messages.shift());
          worker.once('message', resolve);
          worker.once('error', reject);
          return undefined;
        });
        const warm = (await next()).result;
        const kubeBefore = kubeRequests.count;
        const cpuBefore = process.cpuUsage();
        const loopDelay = monitorEventLoopDelay({ resolution: 10 });
        loopDelay.enable();
        const { result, statuses } = await profiled(
          viewers === VIEWERS[VIEWERS.length - 1] && !polling ? process.env[`BENCH_CPU_PROFILE_${mode.toUpperCase()}`] : undefined,
          () => {
            worker.postMessage('go');
            return next();
          },
        );
        const cpu = process.cpuUsage(cpuBefore);
        loopDelay.disable();
        let kind = mode === 'fresh' ? 'Fresh' : 'Conditional';
        if (polling) kind = `Polling${POLL_MS}Ms`;
        out[`overview${kind}${viewers}Viewer${viewers > 1 ? 's' : ''}`] = {
          ...latencyFigures(result),
          statuses,
          viewsPerSecond: round(requests / (result.wallMs / 1000), 0),
          kubeRequestsPerView: round((kubeRequests.count - kubeBefore) / requests, 3),
          // CPU of this process (the backend and the viewers' thread) per view: what a view
          // costs whatever else the machine runs; 1000 / cpuMsPerView is views per second per core
          cpuMsPerView: round((cpu.user + cpu.system) / 1000 / requests, 2),
          // the longest the backend's event loop was busy without a break meanwhile
          eventLoopDelayMaxMs: round(loopDelay.max / 1e6, 0),
          coldBurst: { requests: warm.ms.length, p50Ms: latencyFigures(warm).p50Ms, maxMs: latencyFigures(warm).maxMs },
        };
        viewed += warm.ms.length + requests;
      } finally {
        await worker.terminate();
      }
    }
    // sockets left open by the backend's Kubernetes calls
    out.overviewOpenFdsGrowthPerRequest = round((openFds() - fdsBefore) / viewed, 2);
    out.overviewKubeReadsRaw = await kubeReads(backend.sim, 'raw', REQUESTS);
    // client-node opens a connection per call as well: fewer calls, to stay within the fd limit
    out.overviewKubeReadsClientNode = await kubeReads(backend.sim, 'client-node', KUBE_CLIENT_REQUESTS);
    out.openFdsAfterOverview = openFds();

    // ---- 200 apps: Alice owns all, Bob is a Developer of 20 --------------------------------------
    const t1 = performance.now();
    const names = Array.from({ length: APPS - 1 }, (_, i) => `app-${String(i).padStart(3, '0')}`);
    await inParallel(names, 4, name =>
      client.ok('POST', '/apps', ALICE, {
        name,
        cells: [CELLS[names.indexOf(name) % CELLS.length]],
        description: `Bench app ${name}`,
      }),
    );
    const bobs = [APP, ...names].filter((_, i) => i % Math.floor(APPS / MEMBER_OF) === 0).slice(0, MEMBER_OF);
    for (const name of bobs) {
      await client.ok('POST', `/apps/${name}/members`, ALICE, { member: BOB, role: 'developer' });
    }
    out.appsSetupSeconds = Math.round((performance.now() - t1) / 100) / 10;
    const all = await client.ok('GET', '/apps', ALICE);
    const some = await client.ok('GET', '/apps', BOB);
    out.apps = APPS;
    const listed = await client.call('GET', '/apps', ALICE);
    out.appsListAllMember = { items: all.items.length, responseBytes: { json: listed.bytes, gzip: listed.wireBytes } };
    out.appsListAllSequential = await measure(client, '/apps', ALICE, 1);
    out.appsListAllConcurrent = await measure(client, '/apps', ALICE, CLIENTS);
    out.appsListMemberOf20 = { items: some.items.length };
    out.appsListMemberOf20Sequential = await measure(client, '/apps', BOB, 1);
    out.openFdsAtEnd = openFds();
    out.node = process.version;
  } finally {
    client.close();
    await backend.stop();
  }
  console.log(JSON.stringify(out));
}

main().catch(e => {
  console.log(JSON.stringify({ bench: 'cells-views', error: `${e.stack || e}${e.cause ? ` (cause: ${e.cause.stack || e.cause})` : ''}` }));
  process.exit(1);
});
