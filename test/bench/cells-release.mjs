#!/usr/bin/env node
// Control-plane overhead of a release: a 2-cell, 3-step release (1-pod canary in one cell, 50% in
// both, 100% in both; zero bake time, readiness and restart gates only), driven by the real cells
// backend plugin (SQLite) against two simulated cells (in a child process), RUNS times in each of two scenarios (each
// release moves the app to a new version): pods Ready at their first readiness probe
// (`instantReady`), and pods Ready after 500 ms, i.e. at their second probe 1 s after start
// (`readyAfter500ms`, where the engine has to come back on later ticks). Prints ONE JSON line with,
// per scenario:
//  - total: release created → `succeeded` (the engine's own timestamps);
//  - waiting, observed by this script through Kubernetes watches (not by the engine):
//    * per step, from the new version's Deployment reaching the step's replicas in the first cell
//      to the step's target count of new pods Ready in every touched cell;
//    * at the end, per cell (the engine finishes cells one at a time), from the old version's
//      Deployment scaled to 0 to its last pod out of traffic (terminating or gone);
//  - overhead = total - waiting: what the portal adds (driver ticks, database writes, Kubernetes
//    calls, polling); bounded below by the ticks, so the tick interval is printed with it;
//  - the same split as the engine sees it (readiness gate passed − cell applied), for comparison.
// Medians over the runs, plus every run's figures. Figures are printed, never asserted.
// Env: BENCH_RUNS (5; 1 in the short form, CELLPORT_BENCH_SHORT=1), BENCH_TICK_MS (250), BENCH_REPLICAS (4 per cell).
import path from 'node:path';
import { createRequire } from 'node:module';
import { eventually, median, round, startCellsBackend } from './_cells.mjs';
import { SHORT, repoRoot, sized } from './_portal.mjs';

const require = createRequire(path.join(repoRoot, 'plugins/cells-backend/package.json'));
const k8s = require('@kubernetes/client-node');

const RUNS = sized('BENCH_RUNS', 5, 1);
const TICK_MS = Number(process.env.BENCH_TICK_MS || 250);
const REPLICAS = Number(process.env.BENCH_REPLICAS || 4);
const CELLS = ['rel-1', 'rel-2'];
const APP = 'shop';
const ALICE = 'user:default/alice';
const FINAL = ['succeeded', 'rolled-back', 'failed'];

const spec = (tag, env = []) => ({
  image: `example/shop:${tag}`,
  env,
  replicas: Object.fromEntries(CELLS.map(c => [c, REPLICAS])),
  healthCheck: { path: '/healthz', periodSeconds: 1, initialDelaySeconds: 0 },
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
});
const PLAN = [
  { cells: [CELLS[0]], canary: { replicas: 1 }, readyDeadlineSeconds: 120, bakeSeconds: 0 },
  { cells: CELLS, canary: { percent: 50 }, readyDeadlineSeconds: 120, bakeSeconds: 0 },
  { cells: CELLS, canary: { percent: 100 }, readyDeadlineSeconds: 120, bakeSeconds: 0 },
];
// pods Ready at the first probe; pods Ready at the second probe (a 1 s wait per step)
const SCENARIOS = [
  { name: 'instantReady', env: [] },
  { name: 'readyAfter500ms', env: [{ name: 'SIM_READY_AFTER_MS', value: '500' }] },
];
const target = (canary, replicas) =>
  'percent' in canary ? Math.max(1, Math.ceil((canary.percent / 100) * replicas)) : Math.min(canary.replicas, replicas);

/**
 * What Kubernetes says, as seen by watches of the app's Deployments and Pods in every cell (local
 * clock, the backend's clock too: same process): when each Deployment's spec.replicas took each
 * value, when each pod first became Ready and when it left traffic.
 */
class KubeObserver {
  constructor() {
    this.replicas = new Map(); // `${cell}/${deployment}` -> [{ at, replicas }]
    this.pods = new Map(); // `${cell}/${uid}` -> { cell, version, readyAt?, outAt? }
    this.aborts = [];
  }

  async start(sim) {
    for (const cell of CELLS) {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(sim.cell(cell).kubeconfig);
      const watch = new k8s.Watch(kc);
      const onDone = err => {
        if (err && !this.stopped) console.error(`watch of ${cell} ended: ${err}`);
      };
      this.aborts.push(await watch.watch(`/apis/apps/v1/namespaces/${APP}/deployments`, {}, (type, d) => {
        const key = `${cell}/${d.metadata.name}`;
        const list = this.replicas.get(key) ?? [];
        const replicas = type === 'DELETED' ? 0 : d.spec?.replicas ?? 0;
        if (list.at(-1)?.replicas !== replicas) list.push({ at: Date.now(), replicas });
        this.replicas.set(key, list);
      }, onDone));
      this.aborts.push(await watch.watch(`/api/v1/namespaces/${APP}/pods`, {}, (type, p) => {
        const key = `${cell}/${p.metadata.uid}`;
        const pod = this.pods.get(key) ?? { cell, version: p.metadata.labels?.['cellport.io/version'] };
        const ready = p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True');
        const now = Date.now();
        if (ready && !p.metadata.deletionTimestamp && pod.readyAt === undefined) pod.readyAt = now;
        if ((type === 'DELETED' || p.metadata.deletionTimestamp || (pod.readyAt !== undefined && !ready)) && pod.outAt === undefined) {
          pod.outAt = now;
        }
        this.pods.set(key, pod);
      }, onDone));
    }
  }

  /** When the Deployment of `version` in `cell` first had `replicas` (at or after `since`). */
  replicasAt(cell, version, replicas, since) {
    return (this.replicas.get(`${cell}/${APP}-${version}`) ?? []).find(e => e.replicas === replicas && e.at >= since)?.at;
  }

  /** When the `count`-th pod of `version` in `cell` became Ready. */
  nthReadyAt(cell, version, count) {
    const times = [...this.pods.values()]
      .filter(p => p.cell === cell && p.version === version && p.readyAt !== undefined)
      .map(p => p.readyAt)
      .sort((a, b) => a - b);
    return times[count - 1];
  }

  /** When the last pod of `version` in `cell` left traffic. */
  lastOutAt(cell, version) {
    const pods = [...this.pods.values()].filter(p => p.cell === cell && p.version === version);
    if (pods.some(p => p.outAt === undefined)) return undefined;
    return Math.max(...pods.map(p => p.outAt));
  }

  stop() {
    this.stopped = true;
    for (const a of this.aborts) a.abort();
  }
}

/** One release from `from` to the new version `version`, with its figures. */
async function release(client, observer, from, version, env) {
  await client.ok('POST', `/apps/${APP}/versions`, ALICE, { name: version, spec: spec(version, env) });
  const sentAt = Date.now();
  const started = await client.ok('POST', `/apps/${APP}/releases`, ALICE, { version, steps: PLAN });
  const finished = await eventually(`release of ${version} final`, async () => {
    const r = await client.ok('GET', `/apps/${APP}/releases/${started.id}`, ALICE);
    return FINAL.includes(r.state) && r;
  }, 150_000, 50);
  const seenAt = Date.now();
  if (finished.state !== 'succeeded') throw new Error(`release of ${version} ended ${finished.state}: ${finished.reason}`);
  // the old version's pods may still be leaving when the release is recorded as finished
  await eventually(`${from} out of traffic`, async () => CELLS.every(c => observer.lastOutAt(c, from) !== undefined), 30_000, 50);
  const events = (await client.ok('GET', `/apps/${APP}/releases/${started.id}/events`, ALICE)).items;
  const at = e => Date.parse(e.at);
  const createdAt = Date.parse(finished.createdAt);
  const succeededAt = at(events.find(e => e.type === 'succeeded'));
  const totalMs = succeededAt - createdAt;

  // waiting for pods to get Ready, step by step (Kubernetes' view)
  const steps = PLAN.map((plan, i) => {
    const targets = Object.fromEntries(plan.cells.map(c => [c, target(plan.canary, REPLICAS)]));
    const appliedAt = Math.min(...plan.cells.map(c => observer.replicasAt(c, version, targets[c], createdAt)));
    const readyAt = Math.max(...plan.cells.map(c => observer.nthReadyAt(c, version, targets[c])));
    const stepEvents = events.filter(e => e.step === i);
    const engineApplied = Math.min(...stepEvents.filter(e => e.type === 'cell-applied').map(at));
    const enginePassed = at(stepEvents.find(e => e.type === 'gate-passed' && /readiness/.test(e.message)));
    return {
      kubeWaitMs: Math.max(0, readyAt - appliedAt),
      engineWaitMs: enginePassed - engineApplied,
      startedAt: at(stepEvents.find(e => e.type === 'step-started')),
      succeededAt: at(stepEvents.find(e => e.type === 'step-succeeded')),
      appliedAt,
      readyAt,
    };
  });
  // waiting for the old version's pods to leave traffic, cell by cell (Kubernetes' view)
  const drains = CELLS.map(c => Math.max(0, observer.lastOutAt(c, from) - observer.replicasAt(c, from, 0, createdAt)));
  const readyWaitMs = steps.reduce((s, x) => s + x.kubeWaitMs, 0);
  const drainWaitMs = drains.reduce((s, x) => s + x, 0);
  const waitingMs = readyWaitMs + drainWaitMs;
  return {
    totalMs,
    clientObservedMs: seenAt - sentAt,
    waitingMs,
    readyWaitMs,
    drainWaitMs,
    overheadMs: totalMs - waitingMs,
    // from the release's creation to its first step starting (the driver's claim)
    claimMs: steps[0].startedAt - createdAt,
    // from all new pods Ready (Kubernetes) to the step recorded as passed, per step
    noticeMs: steps.map(s => s.succeededAt - s.readyAt),
    // from a step passed to the next one's Deployment change in Kubernetes
    nextApplyMs: steps.slice(1).map((s, i) => s.appliedAt - steps[i].succeededAt),
    // from the last step passed to the release succeeded (old version drained and removed)
    finishMs: succeededAt - steps.at(-1).succeededAt,
    engineWaitMs: steps.reduce((s, x) => s + x.engineWaitMs, 0),
    stepKubeWaitMs: steps.map(s => s.kubeWaitMs),
  };
}

async function main() {
  // the cells in a process of their own, as the views benchmark (the backend opens a connection
  // per Kubernetes call; pods and probes do not compete with the backend for this process' CPU)
  const backend = await startCellsBackend({
    cells: CELLS,
    users: [ALICE],
    cellsConfig: { releases: { tickIntervalMs: TICK_MS } },
    simProcess: true,
  });
  const { client, sim } = backend;
  const observer = new KubeObserver();
  const out = {
    bench: 'cells-release',
    short: SHORT,
    cells: CELLS.length,
    steps: PLAN.length,
    replicasPerCell: REPLICAS,
    bakeSeconds: 0,
    readinessProbePeriodSeconds: 1,
    tickIntervalMs: TICK_MS,
    runsPerScenario: RUNS,
  };
  try {
    await client.ok('POST', '/apps', ALICE, { name: APP, production: true, cells: CELLS });
    await observer.start(sim);
    await client.ok('POST', `/apps/${APP}/versions`, ALICE, { name: 'v1', spec: spec('v1') });
    await eventually('v1 Ready in both cells', async () => {
      const o = await client.ok('GET', `/apps/${APP}/overview`, ALICE);
      return o.cells.every(c => c.versions.find(v => v.version === 'v1')?.ready === REPLICAS);
    });

    let n = 1; // the app serves v<n>
    for (const scenario of SCENARIOS) {
      const runs = [];
      for (let run = 1; run <= RUNS; run++, n++) {
        runs.push(await release(client, observer, `v${n}`, `v${n + 1}`, scenario.env));
      }
      const m = key => round(median(runs.map(r => r[key])), 0);
      const list = key => runs.map(r => r[key]);
      out[scenario.name] = {
        podEnv: Object.fromEntries(scenario.env.map(e => [e.name, e.value])),
        medianTotalMs: m('totalMs'),
        medianWaitingMs: m('waitingMs'),
        medianOverheadMs: m('overheadMs'),
        medianReadyWaitMs: m('readyWaitMs'),
        medianDrainWaitMs: m('drainWaitMs'),
        medianClaimMs: m('claimMs'),
        medianFinishMs: m('finishMs'),
        medianEngineSeenWaitMs: m('engineWaitMs'),
        medianEngineSeenOverheadMs: round(median(runs.map(r => r.totalMs - r.engineWaitMs - r.drainWaitMs)), 0),
        perRun: {
          totalMs: list('totalMs'),
          waitingMs: list('waitingMs'),
          overheadMs: list('overheadMs'),
          claimMs: list('claimMs'),
          stepWaitMs: list('stepKubeWaitMs'),
          noticeMs: list('noticeMs'),
          nextApplyMs: list('nextApplyMs'),
          finishMs: list('finishMs'),
        },
      };
    }
    out.node = process.version;
  } finally {
    observer.stop();
    client.close();
    await backend.stop();
  }
  console.log(JSON.stringify(out));
}

main().catch(e => {
  console.log(JSON.stringify({ bench: 'cells-release', error: `${e.stack || e}${e.cause ? ` (cause: ${e.cause.stack || e.cause})` : ''}` }));
  process.exit(1);
});
