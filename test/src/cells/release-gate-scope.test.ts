/*
 * Release gates read the releasing app's own metrics only (issue 18, item 1): the REAL cells
 * backend plugin, two simulated cells and a private REAL Prometheus scraping their pods. Bob owns
 * `mine`; alice owns `secapp`, which bob cannot see. Gates naming secapp's labels are refused with
 * a 400 before anything runs, gates beyond the cost bounds too, and a gate that names no app at
 * all (`count(up)`) measures only mine's series, although Prometheus holds secapp's as well.
 */
import { Release } from '@cellport/plugin-cells-common';
import { startPrometheus, TestPrometheus } from '../lib/prometheus';
import { CellsApi, versionSpec } from './api';
import {
  ALICE,
  BOB,
  CellsBackend,
  startCells,
  startCellsBackend,
  TestCells,
} from './harness';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(300_000);

const [A, B] = ['gs-1', 'gs-2'];

const gate = (query: string, extra: object = {}) => ({
  name: 'peek',
  source: 'prometheus',
  query,
  op: '<' as const,
  threshold: 1e9,
  intervalSeconds: 5,
  inconclusiveLimit: 10,
  ...extra,
});

const plan = (metrics: object[], bakeSeconds = 0) => ({
  version: 'v2',
  steps: [
    {
      cells: [A],
      canary: { replicas: 1 },
      readyDeadlineSeconds: 120,
      bakeSeconds,
      metrics,
    },
    { cells: [A, B], canary: { percent: 100 }, readyDeadlineSeconds: 120 },
  ],
});

describe("release gates read their own app's metrics only", () => {
  let cells: TestCells;
  let prom: TestPrometheus;
  let backend: CellsBackend;
  let alice: CellsApi;
  let bob: CellsApi;

  beforeAll(async () => {
    cells = await startCells('gs', [A, B]);
    prom = await startPrometheus({ cells: cells.sim.cells });
    backend = await startCellsBackend({
      regions: cells.regions,
      cells: { prometheus: { baseUrl: prom.url, timeoutSeconds: 10 } },
    });
    alice = backend.api.as(ALICE);
    bob = backend.api.as(BOB);
    await alice.createAppWithVersion('secapp', [A, B], 'v1', 3);
    await bob.createAppWithVersion('mine', [A, B], 'v1', 1);
    await bob.expect(201, 'POST', '/apps/mine/versions', {
      name: 'v2',
      spec: versionSpec({ [A]: 1, [B]: 1 }),
    });
    // Prometheus scrapes secapp's 6 pods and mine's 2
    await eventually(
      'Prometheus scraping both apps',
      async () => {
        const [s] = await prom.query('count(up{namespace="secapp"} == 1)');
        const [m] = await prom.query('count(up{namespace="mine"} == 1)');
        return s?.value === 6 && m?.value === 2;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await prom?.stop();
    await cells?.stop();
  });

  it('bob cannot see secapp', async () => {
    expect((await bob.call('GET', '/apps/secapp')).status).toBe(404);
  });

  it.each([
    ['sum(http_requests_total{app="secapp"})', 'app="secapp"'],
    ['sum(container_memory_usage_bytes{namespace="secapp"})', 'namespace="secapp"'],
    ['count(up{app=~"secap.*",version="v1"})', 'app=~"secap.*"'],
    ['count(up{namespace!="mine"})', 'namespace!="mine"'],
  ])('refuses the gate %s with a 400 and starts nothing', async (query, shown) => {
    const res = await bob.call('POST', '/apps/mine/releases', plan([gate(query)]));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      "step 1: gate 'peek': a gate query reads the metrics of its own app only",
    );
    expect(res.body.error.message).toContain(shown);
    expect(await bob.listReleases('mine')).toEqual([]);
  });

  it('bounds the number of gates per step and the cost of a query', async () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      gate('sum(up)', { name: `g${i}` }),
    );
    const tooMany = await bob.call('POST', '/apps/mine/releases', plan(many));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 5 metric gates per step/);
    for (const [query, message] of [
      ['sum(rate(http_requests_total[1d]))', /looks back at most 3600 s/],
      ['sum(up @ 1700000000)', /@ modifier/],
      ['max_over_time(sum(up)[1h:1s])', /resolution is at least 10 s/],
    ] as const) {
      const res = await bob.call('POST', '/apps/mine/releases', plan([gate(query)]));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await bob.listReleases('mine')).toEqual([]);
  });

  it("measures a gate that names no app on the app's own series only", async () => {
    // what the unconfined query answers: every app's pods and Prometheus itself
    const [everything] = await prom.query('count(up)');
    expect(everything.value).toBeGreaterThanOrEqual(8);
    const started: Release = await bob.startRelease(
      'mine',
      plan([gate('count(up)', { name: 'targets', threshold: 5, count: 3 })], 15),
    );
    const done = await bob.waitForRelease('mine', started.id);
    const targets = done.steps[0].gates.find(g => g.name === 'targets')!;
    const values = (targets.measurements ?? [])
      .map(m => m.value)
      .filter((v): v is number => v !== undefined);
    expect(values.length).toBeGreaterThan(0);
    // mine's own targets: 1 stable pod per cell and the canary
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(3);
    }
    expect(done.state).toBe('succeeded');
  });
});
