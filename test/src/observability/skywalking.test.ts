/*
 * SkyWalking end to end: two simulated apps, `front` calling `pay` on every request (SIM_DOWNSTREAM_URL),
 * both reporting a segment per request (SW_AGENT_COLLECTOR_BACKEND_SERVICES) in SkyWalking's native
 * HTTP JSON format to the development server, with the cross-process `sw8` context; the REAL
 * observability plugin answers topology (front -> pay with call rate and latency), traces (filters,
 * a trace spanning both services) and endpoint metrics through the GraphQL query protocol only.
 */
import { versionSpec } from '../cells/api';
import { isPodReady } from '../cells/harness';
import { startTraffic, Traffic } from '../cells/traffic';
import { addMembers, BOB, DAVE, ObservabilityStack, startObservabilityStack } from './harness';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(420_000);

const REGION = 'obs';
const [A, B] = [`${REGION}-1`, `${REGION}-2`];

describe('SkyWalking traces, topology and endpoint metrics', () => {
  let stack: ObservabilityStack;
  let traffic: Traffic;

  beforeAll(async () => {
    stack = await startObservabilityStack(REGION, { skywalking: true });
    const sw = { SW_AGENT_COLLECTOR_BACKEND_SERVICES: stack.skywalking!.collector };
    for (const app of ['pay', 'front']) {
      await stack.cellsApi.expect(201, 'POST', '/apps', { name: app, production: true, cells: [A, B] });
    }
    await stack.cellsApi.expect(201, 'POST', '/apps/pay/versions', {
      name: 'v1',
      spec: versionSpec({ [A]: 1, [B]: 1 }, sw),
    });
    // front calls pay's pod in the first cell (pod IPs are routed; Service IPs are not, in cell-sim)
    const payPod = await eventually('a ready pay pod', async () =>
      (await stack.cells.pods(A, 'pay')).find(isPodReady),
    );
    const port = payPod.spec!.containers[0].ports?.[0]?.containerPort ?? 8080;
    await stack.cellsApi.expect(201, 'POST', '/apps/front/versions', {
      name: 'v1',
      spec: versionSpec(
        { [A]: 1, [B]: 1 },
        { ...sw, SIM_DOWNSTREAM_URL: `http://${payPod.status!.podIP}:${port}/pay` },
      ),
    });
    await addMembers(stack.cellsApi, 'front');
    traffic = startTraffic({ app: 'front', cells: stack.cells.clients, ratePerSecond: 5 });
  });

  afterAll(async () => {
    await traffic?.stop();
    await stack?.stop();
  });

  it('shows front calling pay in the topology, with call rate and latency on the edge', async () => {
    const topology = await eventually(
      'front -> pay in the topology',
      async () => {
        const t = await stack.api.as(DAVE).expect(200, 'GET', '/apps/front/skywalking/topology?range=15m');
        return t.calls.some((c: any) => c.source === 'front' && c.target === 'pay' && c.cpm > 0) ? t : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2000 },
    );
    expect(topology.service).toBe('front');
    expect(topology.nodes.map((n: any) => n.name).sort()).toEqual(['front', 'pay']);
    const edge = topology.calls.find((c: any) => c.target === 'pay');
    expect(edge.respTimeMs).toEqual(expect.any(Number));
  });

  it("lists front's traces with filters, and one trace spans both services", async () => {
    const list = await stack.api.expect(200, 'GET', '/apps/front/skywalking/traces?range=15m&limit=10');
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.length).toBeLessThanOrEqual(10);
    expect(list.items[0]).toMatchObject({ endpoint: expect.stringMatching(/^\//), isError: false });
    const errors = await stack.api.expect(200, 'GET', '/apps/front/skywalking/traces?range=15m&state=ERROR');
    expect(errors.items).toEqual([]);
    const slow = await stack.api.expect(200, 'GET', '/apps/front/skywalking/traces?range=15m&minDuration=60000');
    expect(slow.items).toEqual([]);

    const traced = await eventually('a trace with both services', async () => {
      for (const t of list.items) {
        const detail = await stack.api.expect(200, 'GET', `/apps/front/skywalking/traces/${encodeURIComponent(t.traceId)}`);
        if (new Set(detail.spans.map((s: any) => s.serviceCode)).size === 2) return detail;
      }
      return undefined;
    });
    const entryOfPay = traced.spans.find((s: any) => s.serviceCode === 'pay' && s.type === 'Entry');
    const exitOfFront = traced.spans.find((s: any) => s.serviceCode === 'front' && s.type === 'Exit');
    expect(entryOfPay.refs).toEqual([
      expect.objectContaining({ type: 'CROSS_PROCESS', parentSegmentId: exitOfFront.segmentId, parentSpanId: exitOfFront.spanId }),
    ]);
    expect(entryOfPay.endpointName).toBe('/pay');

    const missing = await stack.api.call('GET', '/apps/front/skywalking/traces/no-such-trace');
    expect(missing.status).toBe(404);
    const bad = await stack.api.call('GET', '/apps/front/skywalking/traces?state=BROKEN');
    expect(bad.status).toBe(400);
  });

  it("shows pay's endpoint with cpm, response times and SLA to pay's members only", async () => {
    await addMembers(stack.cellsApi, 'pay');
    const endpoints = await eventually('the /pay endpoint with figures', async () => {
      const e = await stack.api.expect(200, 'GET', '/apps/pay/skywalking/endpoints?range=15m');
      const pay = e.items.find((x: any) => x.name === '/pay');
      return pay?.cpm > 0 ? pay : undefined;
    });
    expect(endpoints).toMatchObject({
      respTimeMs: expect.any(Number),
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      slaPercent: 100,
    });
    expect(endpoints.p99Ms).toBeGreaterThanOrEqual(endpoints.p50Ms);
    const stranger = await stack.api.as(BOB).call('GET', '/apps/pay/skywalking/endpoints');
    expect(stranger.status).toBe(404);
  });

  it('the skywalking release gate rolls back a slow version of pay', async () => {
    const payTraffic = startTraffic({ app: 'pay', cells: stack.cells.clients, ratePerSecond: 5 });
    try {
      await stack.cellsApi.expect(201, 'POST', '/apps/pay/versions', {
        name: 'v2',
        spec: versionSpec(
          { [A]: 1, [B]: 1 },
          { SW_AGENT_COLLECTOR_BACKEND_SERVICES: stack.skywalking!.collector, SIM_LATENCY_MS: '300' },
          'example/shop:2.0.0',
        ),
      });
      const gate = {
        name: 'resp-time',
        source: 'skywalking',
        query: 'resp_time',
        op: '<' as const,
        threshold: 100,
        intervalSeconds: 5,
        failureLimit: 1,
        inconclusiveLimit: 8,
      };
      // a gate with a measurement the source does not offer is refused up front
      const refused = await stack.cellsApi.call('POST', '/apps/pay/releases', {
        version: 'v2',
        steps: [{ cells: [A], canary: { replicas: 1 }, readyDeadlineSeconds: 120, bakeSeconds: 30, metrics: [{ ...gate, query: 'up' }] }],
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('a skywalking gate measures one of resp_time, sla, cpm');

      const started = await stack.cellsApi.startRelease('pay', {
        version: 'v2',
        steps: [
          { cells: [A], canary: { replicas: 1 }, readyDeadlineSeconds: 120, bakeSeconds: 60, metrics: [gate] },
          { cells: [A, B], canary: { percent: 100 }, readyDeadlineSeconds: 120 },
        ],
      } as any);
      const done = await stack.cellsApi.waitForRelease('pay', started.id);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toMatch(/^gate resp-time failed in cell obs-1: .*threshold < 100$/);
      const measured = done.steps[0].gates.find((g: any) => g.name === 'resp-time')!.measurements!;
      expect(measured.filter((m: any) => m.phase === 'failed').every((m: any) => m.value >= 250)).toBe(true);
    } finally {
      await payTraffic.stop();
    }
  });
});
