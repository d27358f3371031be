/*
 * Cell evacuation end to end, on the portal `npm test` starts: real etcd, the two Nginx hosts of
 * dev-public with their agents, the simulated cells dev-1 and dev-2, the real cells backend
 * scaling through its /scaling API. Under keep-alive load through both Nginx hosts (at least 500
 * requests/s): a platform admin's evacuation of dev-2 loses no request and dev-1 carries its
 * replicas; un-evacuating brings dev-2 back with growing weight and dev-1 back to its spec; a cell
 * that stays unreachable past `cellport.slb.evacuation.unreachableAfterSeconds` (the test instance
 * sets it, see scripts/start.sh) is evacuated automatically, the reason in its timeline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startHttpLoad } from '@cellport/test-utils';
import { requirePortal, waitFor } from '../lib/portal';
import { expectNoFailure, hostUrl, HOSTS, PortalApi, ROOT, signInTokens } from '../slb/portalSlb';

jest.setTimeout(900_000);

const CELLS = ['dev-1', 'dev-2'];
const app = `evac${Date.now().toString(36).slice(-5)}`;
const domain = `${app}.example.com`;

function startLoad() {
  return HOSTS.map(h =>
    startHttpLoad({ url: hostUrl(h.address), host: domain, connections: 16, maxDurationMs: 420_000 }),
  );
}

/** The app's upstream servers by cell, and their weights. */
function serversByCell(view: any): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of view.upstreams.flatMap((u: any) => u.servers)) (out[s.cell] ??= []).push(s.weight);
  return out;
}

describe('slb: cell evacuation under load through two real Nginx hosts', () => {
  let url: string;
  let alice: PortalApi;
  let erin: PortalApi;
  let bob: PortalApi;
  let cellsAlice: PortalApi;
  let reachable: (cell: string, value: boolean) => Promise<void>;

  const domainView = () => alice.expect(200, 'GET', `/domains/${domain}`);
  const waitState = (id: string, state: string, timeoutMs = 240_000) =>
    waitFor(`evacuation ${id} ${state}`, async () => {
      const ev = await erin.expect(200, 'GET', `/evacuations/${id}`);
      if (ev.state === 'failed') throw new Error(`evacuation failed: ${ev.error}`);
      return ev.state === state ? ev : undefined;
    }, timeoutMs, 500);

  beforeAll(async () => {
    url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'erin', 'bob']);
    alice = new PortalApi(url, 'slb', tokens.alice);
    erin = new PortalApi(url, 'slb', tokens.erin);
    bob = new PortalApi(url, 'slb', tokens.bob);
    cellsAlice = new PortalApi(url, 'cells', tokens.alice);
    const stateDir = process.env.CELLPORT_STATE_DIR ?? path.join(ROOT, '.cellport');
    const { adminUrl } = JSON.parse(fs.readFileSync(path.join(stateDir, 'cells', 'cells.json'), 'utf8'));
    reachable = async (cell, value) => {
      const res = await fetch(`${adminUrl}/_sim/reachable`, { method: 'POST', body: JSON.stringify({ cell, reachable: value }) });
      if (!res.ok) throw new Error(`_sim/reachable: ${res.status}`);
    };
    await cellsAlice.expect(201, 'POST', '/apps', { name: app, production: true, cells: CELLS });
    await cellsAlice.expect(201, 'POST', `/apps/${app}/versions`, {
      name: 'v1',
      spec: {
        image: 'example/shop:1.0.0',
        replicas: { 'dev-1': 2, 'dev-2': 2 },
        env: [],
        healthCheck: { path: '/healthz', periodSeconds: 1 },
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      },
    });
    await alice.expect(201, 'POST', '/domains', { name: domain, group: 'dev-public', app, locations: [{ path: '/', app, port: 8080 }] });
    await waitFor('servers of both cells on every converged host', async () => {
      const v = await domainView();
      const cells = serversByCell(v);
      return cells['dev-1']?.length === 2 && cells['dev-2']?.length === 2 && v.hosts.length === 2 && v.hosts.every((h: any) => h.lag === 0) ? v : undefined;
    }, 120_000);
  });

  afterAll(async () => {
    // leave the shared portal as found: dev-2 reachable and in the upstreams
    await reachable?.('dev-2', true).catch(() => undefined);
    if (!erin) return;
    const list = await erin.call('GET', '/evacuations');
    for (const ev of list.body?.items ?? []) {
      if (ev.state === 'evacuated' || ev.state === 'failed') await erin.call('POST', `/evacuations/${ev.id}/restore`);
    }
  });

  it('is there for platform admins only; bad input is a 400 that changes nothing', async () => {
    expect((await bob.call('GET', '/evacuations')).status).toBe(404);
    expect((await alice.call('POST', '/evacuations/plan', { cell: 'dev-2' })).status).toBe(404);
    expect((await alice.call('POST', '/evacuations', { cell: 'dev-2' })).status).toBe(404);
    const unknown = await erin.call('POST', '/evacuations', { cell: 'dev-9' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("no cell named 'dev-9'");
    expect((await erin.call('POST', '/evacuations', { cell: 'dev-2', surprise: true })).status).toBe(400);
    expect((await erin.expect(200, 'GET', '/evacuations')).items.filter((e: any) => e.state !== 'restored')).toEqual([]);
  });

  it('evacuates dev-2 under load with no failed request, dev-1 carrying its replicas; un-evacuating ramps dev-2 back', async () => {
    const plan = await erin.expect(200, 'POST', '/evacuations/plan', { cell: 'dev-2' });
    const mine = plan.apps.find((a: any) => a.app === app);
    expect(plan.groups).toEqual(['dev-public']);
    expect(mine).toMatchObject({ version: 'v1', servers: 2, replicas: 2, uncarried: 0, targets: [{ cell: 'dev-1', from: 2, to: 4, specReplicas: 2 }] });

    const loads = startLoad();
    const started = await erin.expect(201, 'POST', '/evacuations', { cell: 'dev-2', reason: 'rack maintenance' });
    expect(started).toMatchObject({ cell: 'dev-2', trigger: 'manual', state: 'evacuating' });
    const evacuated = await waitState(started.id, 'evacuated');
    const out = await waitFor('dev-1 alone in the upstream with 4 servers', async () => {
      const cells = serversByCell(await domainView());
      return !cells['dev-2'] && cells['dev-1']?.length === 4 ? cells : undefined;
    }, 120_000);
    expect(out).toEqual({ 'dev-1': [1, 1, 1, 1] });
    const steps = evacuated.events.map((e: any) => e.step);
    for (const step of ['plan', 'scale-up', 'ready', 'upstreams', 'agents', 'done']) expect(steps).toContain(step);
    expect(evacuated.events.find((e: any) => e.step === 'done').message).toContain('pods are left running');
    // a second evacuation of the same cell, or of the last cell that serves, is refused
    expect((await erin.call('POST', '/evacuations', { cell: 'dev-2' })).status).toBe(409);
    expect((await erin.call('POST', '/evacuations', { cell: 'dev-1' })).status).toBe(409);

    await erin.expect(200, 'POST', `/evacuations/${started.id}/restore`);
    let sawPartialWeight = false;
    await waitFor('the un-evacuation to end', async () => {
      const cells = serversByCell(await domainView());
      if (cells['dev-2'] && cells['dev-1'] && Math.max(...cells['dev-2']) < Math.min(...cells['dev-1'])) sawPartialWeight = true;
      const ev = await erin.expect(200, 'GET', `/evacuations/${started.id}`);
      if (ev.state === 'failed') throw new Error(`restore failed: ${ev.error}`);
      return ev.state === 'restored' ? ev : undefined;
    }, 300_000, 300);
    const back = await waitFor('both cells with 2 servers at equal weight', async () => {
      const cells = serversByCell(await domainView());
      return cells['dev-1']?.length === 2 && cells['dev-2']?.length === 2 ? cells : undefined;
    }, 120_000);
    await new Promise(r => setTimeout(r, 2000));
    const results = await Promise.all(loads.map(l => l.stop()));
    expectNoFailure('evacuation load', results);
    expect(sawPartialWeight).toBe(true);
    expect(new Set([...back['dev-1'], ...back['dev-2']]).size).toBe(1);
    const restored = await erin.expect(200, 'GET', `/evacuations/${started.id}`);
    const rampEvents = restored.events.filter((e: any) => e.step === 'ramp').map((e: any) => e.message).join('\n');
    for (const p of [10, 25, 50, 100]) expect(rampEvents).toContain(`at ${p}% of its weight`);
    expect(restored.events.some((e: any) => e.step === 'scale-back' && e.message.includes(`${app}: cell 'dev-1' scaled back from 4 to its spec's 2`))).toBe(true);
  });

  it('evacuates a cell that stays unreachable automatically, with the reason in its timeline, and loses no request', async () => {
    const loads = startLoad();
    await reachable('dev-2', false);
    let ev: any;
    try {
      ev = await waitFor('an automatic evacuation of dev-2', async () => {
        const list = await erin.expect(200, 'GET', '/evacuations');
        return list.items.find((e: any) => e.cell === 'dev-2' && e.trigger === 'automatic' && e.state !== 'restored');
      }, 180_000, 1000);
      expect(ev.reason).toMatch(/^cell 'dev-2' unreachable for \d+ s \(configured limit \d+ s\)$/);
      const evacuated = await waitState(ev.id, 'evacuated');
      expect(evacuated.events[0].message).toContain(ev.reason);
      await waitFor('dev-1 alone in the upstream', async () => {
        const cells = serversByCell(await domainView());
        return !cells['dev-2'] && cells['dev-1']?.length === 4 ? cells : undefined;
      }, 120_000);
      // an unreachable cell is not brought back
      const refused = await erin.call('POST', `/evacuations/${ev.id}/restore`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('unreachable');
    } finally {
      await reachable('dev-2', true);
    }
    await waitFor('dev-2 answering again', async () => {
      const res = await erin.call('POST', `/evacuations/${ev.id}/restore`);
      return res.status === 200 ? res.body : undefined;
    }, 60_000, 1000);
    await waitState(ev.id, 'restored', 300_000);
    await waitFor('both cells with 2 servers', async () => {
      const cells = serversByCell(await domainView());
      return cells['dev-1']?.length === 2 && cells['dev-2']?.length === 2 ? cells : undefined;
    }, 120_000);
    const results = await Promise.all(loads.map(l => l.stop()));
    expectNoFailure('evacuation load', results);
  });
});
