/*
 * Self-service alerts end to end, all real: an Owner sets an error-ratio threshold on an app whose
 * version answers half of its requests with 500 (SIM_FAIL_RATE) under a bounded loopback load. The
 * observability plugin checks the rule with promtool, writes it into Prometheus' rule folder and
 * reloads Prometheus; Prometheus fires it to a real Alertmanager, which calls the portal's webhook
 * with the shared secret; the app's Owners and Masters (not its Reporters) get exactly one
 * notification, and one more when the alert resolves after a healthy version replaced the failing one.
 * Rules promtool rejects are refused with 400 and change nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { versionSpec } from '../cells/api';
import { startTraffic, Traffic } from '../cells/traffic';
import {
  addMembers,
  ALICE,
  BOB,
  CAROL,
  DAVE,
  ObservabilityStack,
  startObservabilityStack,
} from './harness';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(600_000);

const APP = 'flaky';
const REGION = 'oba';
const [A, B] = [`${REGION}-1`, `${REGION}-2`];
const TOPIC = 'observability-alert';
const RULE = {
  name: 'errors',
  metric: 'errorRatio',
  threshold: 0.1,
  for: '10s',
  severity: 'critical',
};

describe('alerts through a real Prometheus and Alertmanager', () => {
  let stack: ObservabilityStack;
  let traffic: Traffic;
  let ruleId: string;
  const ruleFile = () => path.join(stack.rulesDir, `cellport-app-${APP}.yml`);

  beforeAll(async () => {
    stack = await startObservabilityStack(REGION);
    const cellsApi = stack.cellsApi;
    await cellsApi.expect(201, 'POST', '/apps', { name: APP, production: true, cells: [A, B] });
    await cellsApi.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v1',
      spec: versionSpec({ [A]: 1, [B]: 1 }, { SIM_FAIL_RATE: '0.5' }),
    });
    await addMembers(cellsApi, APP);
    await stack.prometheus.waitForTargets(2);
    traffic = startTraffic({ app: APP, cells: stack.cells.clients, ratePerSecond: 10 });
  });

  afterAll(async () => {
    await traffic?.stop();
    await stack?.stop();
  });

  it('lets Owners and Masters set a threshold, loaded into Prometheus after promtool checked it', async () => {
    const reporter = await stack.api.as(DAVE).call('POST', `/apps/${APP}/alerts/rules`, RULE);
    expect(reporter.status).toBe(403);
    const stranger = await stack.api.as(BOB).call('POST', `/apps/${APP}/alerts/rules`, RULE);
    expect(stranger.status).toBe(404);

    const created = await stack.api.expect(201, 'POST', `/apps/${APP}/alerts/rules`, RULE);
    ruleId = created.rule.id;
    expect(created.rule).toMatchObject({ ...RULE, app: APP, createdBy: ALICE });
    expect(created.status).toEqual({ loaded: true });
    expect(fs.readFileSync(ruleFile(), 'utf8')).toContain(`cellport_rule: ${ruleId}`);

    const rules = await eventually('the rule in Prometheus', async () => {
      const res = await fetch(`${stack.prometheus.url}/api/v1/rules?type=alert`);
      const body = (await res.json()) as any;
      const all = body.data.groups.flatMap((g: any) => g.rules);
      return all.length ? all : undefined;
    });
    expect(rules.map((r: any) => r.name)).toEqual(['Cellport_flaky_errors']);
    expect(rules[0].query).toContain('namespace="flaky"');

    // a Reporter reads them
    const list = await stack.api.as(DAVE).expect(200, 'GET', `/apps/${APP}/alerts/rules`);
    expect(list.items.map((r: any) => r.id)).toEqual([ruleId]);
  });

  it('refuses rules that promtool rejects with 400 and changes nothing', async () => {
    const before = fs.readFileSync(ruleFile(), 'utf8');
    const badTemplate = { ...RULE, name: 'broken', summary: 'ratio {{ $value ' };
    const created = await stack.api.call('POST', `/apps/${APP}/alerts/rules`, badTemplate);
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/^Prometheus rejects these alert rules: .*template/);
    const updated = await stack.api.call('PUT', `/apps/${APP}/alerts/rules/${ruleId}`, {
      ...RULE,
      summary: '{{ if }}',
    });
    expect(updated.status).toBe(400);
    for (const [body, text] of [
      [{ ...RULE, threshold: -1 }, 'threshold'],
      [{ ...RULE, for: '1d' }, 'for'],
      [{ ...RULE, metric: 'up' }, 'metric'],
      [{ ...RULE, expr: 'up > 0' }, 'expr'],
    ] as const) {
      const res = await stack.api.call('POST', `/apps/${APP}/alerts/rules`, body);
      expect({ text, status: res.status }).toEqual({ text, status: 400 });
      expect(res.body.error.message).toContain(text);
    }
    const list = await stack.api.expect(200, 'GET', `/apps/${APP}/alerts/rules`);
    expect(list.items).toEqual([expect.objectContaining({ ...RULE, id: ruleId })]);
    expect(list.items[0].summary).toBeUndefined();
    expect(fs.readFileSync(ruleFile(), 'utf8')).toBe(before);
  });

  it('fires: Owners and Masters get exactly one notification through Alertmanager', async () => {
    const firing = await eventually(
      'the firing notification of alice',
      async () => {
        const n = await stack.notifications(ALICE, TOPIC);
        return n.length ? n : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 2000 },
    );
    expect(firing).toHaveLength(1);
    expect(firing[0].payload).toMatchObject({
      title: `${APP}: alert 'errors' is firing`,
      severity: 'critical',
      topic: TOPIC,
    });
    expect(firing[0].payload.description).toContain(`${APP}: Error ratio`);
    await eventually('the firing notification of carol', async () =>
      (await stack.notifications(CAROL, TOPIC)).length === 1,
    );
    expect(await stack.notifications(DAVE, TOPIC)).toEqual([]);
    expect(await stack.notifications(BOB, TOPIC)).toEqual([]);

    // Alertmanager delivering the same alert again (a retry, a second Alertmanager, another
    // replica) does not notify twice
    const history = await stack.api.as(DAVE).expect(200, 'GET', `/apps/${APP}/alerts/history`);
    expect(history.items).toEqual([
      expect.objectContaining({ status: 'firing', ruleId, ruleName: 'errors', notifiedAt: expect.any(String) }),
    ]);
    const event = history.items[0];
    const replay = await fetch(`${stack.backendUrl}/api/observability/alertmanager/webhook`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.webhookSecret}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: event.labels,
            annotations: { summary: event.summary },
            startsAt: event.startsAt,
            fingerprint: event.fingerprint,
          },
        ],
      }),
    });
    expect(await replay.json()).toEqual({ notified: 0, duplicates: 1, ignored: 0 });
    expect(await stack.notifications(ALICE, TOPIC)).toHaveLength(1);

    const forged = await fetch(`${stack.backendUrl}/api/observability/alertmanager/webhook`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ version: '4', status: 'firing', alerts: [] }),
    });
    expect(forged.status).toBe(401);
  });

  it('resolves once a healthy version replaced the failing one', async () => {
    await stack.cellsApi.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v2',
      spec: versionSpec({ [A]: 1, [B]: 1 }, {}, 'example/shop:2.0.0'),
    });
    const release = await stack.cellsApi.startRelease(APP, {
      version: 'v2',
      steps: [{ cells: [A, B], canary: { percent: 100 }, readyDeadlineSeconds: 120 }],
    } as any);
    expect((await stack.cellsApi.waitForRelease(APP, release.id)).state).toBe('succeeded');

    const resolved = await eventually(
      'the resolved notification of alice',
      async () => {
        const n = await stack.notifications(ALICE, TOPIC);
        return n.length === 2 ? n : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 2000 },
    );
    expect(resolved[1].payload).toMatchObject({
      title: `${APP}: alert 'errors' is resolved`,
      severity: 'normal',
    });
    await eventually('the resolved notification of carol', async () =>
      (await stack.notifications(CAROL, TOPIC)).length === 2,
    );
    expect(await stack.notifications(DAVE, TOPIC)).toEqual([]);
    const history = await stack.api.expect(200, 'GET', `/apps/${APP}/alerts/history`);
    expect(history.items.map((e: any) => e.status)).toEqual(['resolved', 'firing']);
  });
});
