/*
 * Health-gated releases end to end: the REAL cells backend plugin drives two simulated cells, a
 * private REAL Prometheus (configured to the backend through `cellport.cells.prometheus.baseUrl`)
 * discovers and scrapes their pods through the cells' Kubernetes API, and a load generator in the
 * test sends steady traffic to the app's ready endpoints in both cells, as a load balancer would.
 *
 * A version answering half of its requests with 500 fails the error-ratio gate on its one-pod
 * canary in the first cell and is rolled back: the second cell never sees it and the stable
 * version serves throughout. A healthy version passes the same gate, reaches both cells and
 * replaces the stable version.
 */
import { ERROR_RATIO_QUERY, Release } from '@cellport/plugin-cells-common';
import { startPrometheus, TestPrometheus } from '../lib/prometheus';
import { CellsApi, countEvents, versionSpec } from './api';
import {
  CellsBackend,
  isPodReady,
  startCells,
  startCellsBackend,
  TestCells,
} from './harness';
import { Sampler, startSampler, startTraffic, Traffic } from './traffic';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(300_000);

const APP = 'shop';
const [A, B] = ['pr-1', 'pr-2'];

/** The portal's "error ratio < 1%" preset, as the plan editor offers it (no query edits). */
const ERROR_RATIO = ERROR_RATIO_QUERY;

/** A gate query with its template filled in for one version in one cell. */
const queryFor = (version: string, cell: string) =>
  ERROR_RATIO.replace(/\{\{app\}\}/g, APP)
    .replace(/\{\{version\}\}/g, version)
    .replace(/\{\{cell\}\}/g, cell);

/**
 * Step 1: a one-pod canary in the first cell, measured every 5 s during a 45 s bake (9
 * measurements; the first ones are empty until Prometheus found and scraped the new pod twice,
 * hence the generous inconclusive limit); step 2: both cells at 100%.
 */
const plan = (version: string) => ({
  version,
  steps: [
    {
      cells: [A],
      canary: { replicas: 1 },
      readyDeadlineSeconds: 120,
      bakeSeconds: 45,
      metrics: [
        {
          name: 'error-ratio',
          source: 'prometheus',
          query: ERROR_RATIO,
          op: '<' as const,
          threshold: 0.01,
          intervalSeconds: 5,
          failureLimit: 1,
          inconclusiveLimit: 6,
        },
      ],
    },
    { cells: [A, B], canary: { percent: 100 }, readyDeadlineSeconds: 120 },
  ],
});

interface CellsSeen {
  /** Ready, not terminating v1 pods per cell. */
  v1Ready: Record<string, number>;
  /** Versions with a Deployment or a pod in cell B. */
  versionsInB: string[];
}

describe('releases gated by a real Prometheus under load', () => {
  let cells: TestCells;
  let prom: TestPrometheus;
  let backend: CellsBackend;
  let api: CellsApi;
  let traffic: Traffic;
  let seen: Sampler<CellsSeen>;
  /** When the healthy release's last step passed: from then on v1 is meant to leave. */
  let v1LeavesAt = Infinity;

  beforeAll(async () => {
    cells = await startCells('pr', [A, B]);
    prom = await startPrometheus({ cells: cells.sim.cells });
    backend = await startCellsBackend({
      regions: cells.regions,
      cells: { prometheus: { baseUrl: prom.url, timeoutSeconds: 10 } },
    });
    api = backend.api;
    await api.createAppWithVersion(APP, [A, B], 'v1', 2);

    traffic = startTraffic({
      app: APP,
      cells: cells.clients,
      ratePerSecond: 20,
    });
    seen = startSampler(async () => {
      const v1Ready: Record<string, number> = {};
      for (const cell of [A, B]) {
        v1Ready[cell] = (await cells.pods(cell, APP, 'v1')).filter(
          isPodReady,
        ).length;
      }
      const versionsInB = new Set<string>();
      for (const name of await cells.deployments(B, APP)) {
        versionsInB.add(name.slice(APP.length + 1));
      }
      for (const pod of await cells.pods(B, APP)) {
        versionsInB.add(pod.metadata?.labels?.['cellport.io/version'] ?? '?');
      }
      return { v1Ready, versionsInB: [...versionsInB].sort() };
    });

    // Prometheus scrapes the four v1 pods and has a request rate for v1 in both cells
    await prom.waitForTargets(4);
    await eventually(
      'v1 request rates in Prometheus',
      async () =>
        (
          await prom.query(
            `sum by (cell) (rate(http_requests_total{app="${APP}",version="v1"}[30s]))`,
          )
        ).filter(s => s.value > 0).length === 2,
    );
  });

  afterAll(async () => {
    await traffic?.stop();
    await seen?.stop();
    await backend?.stop();
    await prom?.stop();
    await cells?.stop();
  });

  const gateOf = (release: Release, step = 0) =>
    release.steps[step].gates.find(g => g.name === 'error-ratio')!;

  it('rolls back a version failing half its requests on its canary; the other cell never sees it', async () => {
    await api.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v2',
      spec: versionSpec(
        { [A]: 2, [B]: 2 },
        { SIM_FAIL_RATE: '0.5' },
        'example/shop:2.0.0',
      ),
    });
    // a new version of an app that serves one only runs through a release
    expect(await cells.deployments(A, APP)).toEqual([`${APP}-v1`]);

    const started = await api.startRelease(APP, plan('v2'));
    const done = await api.waitForRelease(APP, started.id);

    expect(done.state).toBe('rolled-back');
    const figures =
      /^gate error-ratio failed in cell pr-1: 2 of \d+ measurements failed \(failure limit 1\): ([\d.]+), ([\d.]+), threshold < 0\.01$/.exec(
        done.reason ?? '',
      );
    expect({ reason: done.reason, matches: Boolean(figures) }).toEqual({
      reason: done.reason,
      matches: true,
    });
    // SIM_FAIL_RATE=0.5: the measured error ratios are far above the threshold
    for (const value of figures!.slice(1).map(Number)) {
      expect(value).toBeGreaterThan(0.1);
      expect(value).toBeLessThan(0.9);
    }
    expect(done.steps.map(s => s.state)).toEqual(['failed', 'pending']);
    const gate = gateOf(done);
    expect(gate.phase).toBe('failed');
    expect(gate.threshold).toBe('< 0.01');
    expect(gate.measurements!.every(m => m.cell === A)).toBe(true);
    expect(
      gate.measurements!.filter(m => m.phase === 'failed').map(m => m.value),
    ).toEqual([expect.any(Number), expect.any(Number)]);

    const events = await api.releaseEvents(APP, started.id);
    expect(countEvents(events, 'step-started', 0)).toBe(1);
    expect(countEvents(events, 'step-started', 1)).toBe(0);
    expect(countEvents(events, 'gate-failed', 0)).toBe(1);
    expect(events.filter(e => e.type === 'cell-rolled-back')).toEqual([
      expect.objectContaining({
        cell: A,
        message: `${A}: v2 scaled to 0, v1 restored`,
      }),
    ]);
    expect(events[events.length - 1]).toMatchObject({
      type: 'rolled-back',
      message: `Rolled back: ${done.reason}`,
    });
    expect(events.filter(e => e.cell === B)).toEqual([]);

    // the canary's pod leaves cell A; cell B never had anything of v2
    const overview = await eventually('no v2 pod in pr-1', async () => {
      const o = await api.overview(APP);
      return o.cells[0].pods.every(p => p.version !== 'v2') && o;
    });
    // newest version first; the rolled-back version's Deployment stays, at 0 replicas
    expect(overview.cells[0].versions).toEqual([
      expect.objectContaining({ version: 'v2', desired: 0, ready: 0 }),
      expect.objectContaining({ version: 'v1', desired: 2, ready: 2 }),
    ]);
    expect(overview.cells[1].versions).toEqual([
      expect.objectContaining({ version: 'v1', desired: 2, ready: 2 }),
    ]);
    expect(await cells.pods(A, APP, 'v2')).toEqual([]);
    expect(await cells.deployments(B, APP)).toEqual([`${APP}-v1`]);
    const app = await api.getApp(APP);
    expect(app.currentVersion).toBe('v1');
    expect(app.cells).toEqual([
      { cell: A, stableVersion: 'v1', drifted: false },
      { cell: B, stableVersion: 'v1', drifted: false },
    ]);
    // the load reached the canary and half of it failed: that is what the gate measured
    const canary = traffic.results.filter(
      r => r.version === 'v2' && r.cell === A,
    );
    expect(canary.filter(r => r.status === 500).length).toBeGreaterThan(10);
    expect(canary.filter(r => r.status === 200).length).toBeGreaterThan(10);
  });

  it('releases a healthy version through the same gate to both cells; v1 leaves', async () => {
    await api.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v3',
      spec: versionSpec({ [A]: 2, [B]: 2 }, {}, 'example/shop:3.0.0'),
    });
    const started = await api.startRelease(APP, plan('v3'));
    const done = await api.waitForRelease(APP, started.id);
    expect({ state: done.state, reason: done.reason }).toEqual({
      state: 'succeeded',
      reason: undefined,
    });
    expect(done.steps.map(s => s.state)).toEqual(['succeeded', 'succeeded']);
    const gate = gateOf(done);
    expect(gate.phase).toBe('successful');
    // the gate measured real values (not only empty windows), all of them within the threshold
    const measured = gate.measurements!.filter(m => m.value !== undefined);
    expect(measured.length).toBeGreaterThanOrEqual(3);
    expect(measured.every(m => m.phase === 'successful')).toBe(true);
    expect(measured.every(m => m.value! < 0.01)).toBe(true);
    expect(gate.measurements!.length).toBe(9);
    // the preset itself, asked directly: 0 for the healthy version serving traffic, and still
    // "no data" (an empty vector) for a version that received no traffic at all
    const healthy = await prom.query(queryFor('v3', A));
    expect(healthy.map(s => s.value)).toEqual([0]);
    expect(await prom.query(queryFor('never-deployed', A))).toEqual([]);

    const events = await api.releaseEvents(APP, started.id);
    for (const step of [0, 1]) {
      expect(countEvents(events, 'step-started', step)).toBe(1);
      expect(countEvents(events, 'step-succeeded', step)).toBe(1);
    }
    expect(
      events.filter(e => e.type === 'cell-completed').map(e => e.message),
    ).toEqual([`${A} serves v3; v1 removed`, `${B} serves v3; v1 removed`]);
    v1LeavesAt = Date.parse(
      events.find(e => e.type === 'step-succeeded' && e.step === 1)!.at,
    );

    const overview = await eventually(
      'only v3 pods in both cells',
      async () => {
        const o = await api.overview(APP);
        return (
          o.cells.every(
            c =>
              c.pods.length === 2 &&
              c.pods.every(p => p.version === 'v3' && p.ready),
          ) && o
        );
      },
    );
    for (const cell of overview.cells) {
      expect(cell).toMatchObject({
        reachable: true,
        stableVersion: 'v3',
        drifted: false,
      });
      expect(cell.versions.find(v => v.version === 'v1')).toBeUndefined();
      expect(cell.versions.find(v => v.version === 'v3')).toMatchObject({
        desired: 2,
        ready: 2,
      });
    }
    const app = await api.getApp(APP);
    expect(app.currentVersion).toBe('v3');
    expect(app.cells.map(c => c.stableVersion)).toEqual(['v3', 'v3']);
    for (const cell of [A, B]) {
      expect(await cells.deployments(cell, APP)).not.toContain(`${APP}-v1`);
    }
    // the load balancer's traffic now reaches v3 in both cells, and it answers
    const finishedAt = Date.parse(done.finishedAt!);
    await eventually('v3 answering in both cells', async () =>
      [A, B].every(cell =>
        traffic.results.some(
          r =>
            r.cell === cell &&
            r.version === 'v3' &&
            r.status === 200 &&
            r.at > finishedAt,
        ),
      ),
    );
  });

  it('v1 served every request and kept its replicas Ready until the release removed it', async () => {
    await traffic.stop();
    await seen.stop();
    expect(v1LeavesAt).toBeLessThan(Infinity);

    const v1 = traffic.results.filter(r => r.version === 'v1');
    expect(v1.length).toBeGreaterThan(500);
    // no error answer from v1, ever
    expect(v1.filter(r => r.status !== undefined && r.status !== 200)).toEqual(
      [],
    );
    // no failed request to v1 while it was meant to serve. Once the healthy release removes it, a
    // request may still reach a leaving pod: the pod stops accepting as soon as it is deleted (no
    // preStop delay, no traffic hook installed) while the test's endpoint list lags up to 0.5 s
    expect(v1.filter(r => r.status === undefined && r.at < v1LeavesAt)).toEqual(
      [],
    );

    const before = seen.samples.filter(s => s.at < v1LeavesAt);
    expect(before.length).toBeGreaterThan(50);
    const low = before.filter(
      s => s.value.v1Ready[A] < 2 || s.value.v1Ready[B] < 2,
    );
    expect(low).toEqual([]);
    // cell B never had anything of v2
    expect(
      seen.samples.filter(s => s.value.versionsInB.includes('v2')),
    ).toEqual([]);
    expect(seen.samples[seen.samples.length - 1].value.versionsInB).toEqual([
      'v3',
    ]);
  });
});
