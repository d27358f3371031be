/*
 * Per-app dashboards end to end: an app in both simulated cells takes a bounded loopback load, a
 * real Prometheus scrapes its pods, and the REAL observability plugin answers every panel with
 * non-empty series split by cell and by version. Reporters see them, guests are refused, non-members
 * get 404; an app that runs nothing says why its panels are empty; answers are cached briefly.
 */
import { PANEL_IDS } from '@cellport/plugin-observability-common';
import { startTraffic, Traffic } from '../cells/traffic';
import {
  addMembers,
  BOB,
  DAVE,
  ERIN,
  ObservabilityStack,
  startObservabilityStack,
} from './harness';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(300_000);

const APP = 'dash';
const REGION = 'obd';
const [A, B] = [`${REGION}-1`, `${REGION}-2`];

const lastValue = (s: any) => s.points[s.points.length - 1][1];
/** The app's latest total request rate on a dashboard. */
const requestRate = (d: any) =>
  d.panels
    .find((p: any) => p.id === 'requestRate')
    .series.reduce((sum: number, s: any) => sum + lastValue(s), 0);

describe('observability dashboards against a real Prometheus', () => {
  let stack: ObservabilityStack;
  let traffic: Traffic;

  beforeAll(async () => {
    stack = await startObservabilityStack(REGION);
    await stack.cellsApi.createAppWithVersion(APP, [A, B], 'v1', 1);
    await addMembers(stack.cellsApi, APP);
    traffic = startTraffic({ app: APP, cells: stack.cells.clients, ratePerSecond: 10 });
    await stack.prometheus.waitForTargets(2);
  });

  afterAll(async () => {
    await traffic?.stop();
    await stack?.stop();
  });

  it('shows non-empty series for every panel, per cell and per version, to a Reporter', async () => {
    const dashboard = await eventually(
      'every panel with a series in both cells',
      async () => {
        const d = await stack.api
          .as(DAVE)
          .expect(200, 'GET', `/apps/${APP}/dashboard?range=15m&split=cell`);
        const everyPanel = d.panels.every(
          (p: any) =>
            p.series.map((s: any) => s.labels.cell).sort().join() === [A, B].join(),
        );
        // the 1-minute rate window has filled with the steady load
        return everyPanel && requestRate(d) > 6 ? d : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2000 },
    );
    expect(dashboard.panels.map((p: any) => p.id)).toEqual([...PANEL_IDS]);
    expect(dashboard.step).toBe(5);
    expect(dashboard.end - dashboard.start).toBe(900);
    const panel = (id: string) => dashboard.panels.find((p: any) => p.id === id);
    // the load is ~10 requests per second over both cells, no errors
    expect(requestRate(dashboard)).toBeLessThan(15);
    for (const s of panel('errorRatio').series) {
      expect(lastValue(s)).toBe(0);
    }
    for (const s of panel('memory').series) {
      expect(lastValue(s)).toBeGreaterThan(1024 * 1024);
    }

    const byVersion = await stack.api.expect(
      200,
      'GET',
      `/apps/${APP}/dashboard?range=1h&split=version&panels=requestRate,latencyP99`,
    );
    expect(byVersion.panels.map((p: any) => p.id)).toEqual(['requestRate', 'latencyP99']);
    expect(byVersion.panels[0].series.map((s: any) => s.labels)).toEqual([{ version: 'v1' }]);
    expect(byVersion.step).toBe(15);

    const byPod = await stack.api.expect(
      200,
      'GET',
      `/apps/${APP}/dashboard?range=15m&split=pod&panels=cpu`,
    );
    expect(byPod.panels[0].series).toHaveLength(2);
    expect(Object.keys(byPod.panels[0].series[0].labels).sort()).toEqual([
      'cell',
      'container',
      'pod',
    ]);
  });

  it('caches an answer briefly', async () => {
    const end = new Date(Date.now() - 1000).toISOString();
    const path = `/apps/${APP}/dashboard?range=15m&end=${encodeURIComponent(end)}`;
    const first = await stack.api.expect(200, 'GET', path);
    const second = await stack.api.expect(200, 'GET', path);
    expect(second.generatedAt).toBe(first.generatedAt);
  });

  it('hides the app from non-members, refuses guests and unauthenticated callers', async () => {
    const bob = await stack.api.as(BOB).call('GET', `/apps/${APP}/dashboard`);
    expect(bob.status).toBe(404);
    expect(bob.body.error.message).toBe(`App '${APP}' not found`);
    const erin = await stack.api.as(ERIN).call('GET', `/apps/${APP}/dashboard`);
    expect(erin.status).toBe(403);
    expect(erin.body.error.message).toContain('Reporter');
    const anonymous = await fetch(`${stack.backendUrl}/api/observability/apps/${APP}/dashboard`);
    expect(anonymous.status).toBe(401);
    const missing = await stack.api.call('GET', '/apps/no-such-app/dashboard');
    expect(missing.status).toBe(404);
  });

  it('answers bad queries with 400 naming the problem', async () => {
    for (const [query, text] of [
      ['range=2d', 'range'],
      ['split=node', 'split'],
      ['panels=cpu%2Cpromql', 'promql'],
      ['query=up', 'query'],
      ['end=yesterday', 'end'],
    ]) {
      const res = await stack.api.call('GET', `/apps/${APP}/dashboard?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toContain(text);
    }
  });

  it('says why the panels of an app that runs nothing are empty', async () => {
    await stack.cellsApi.expect(201, 'POST', '/apps', {
      name: 'idle',
      production: true,
      cells: [A, B],
    });
    const d = await stack.api.expect(200, 'GET', '/apps/idle/dashboard?range=15m');
    for (const p of d.panels) {
      expect(p.series).toEqual([]);
      expect(p.empty.reason).toBe('not-scraped');
    }
  });
});
