/*
 * Load balancing end to end, on the portal `npm test` starts: real etcd, the two Nginx hosts of
 * dev-public with their agents (scripts/slb-agents.sh), the simulated cells. A domain created
 * through the API serves the app's pods of both cells through both hosts; a release and a rollback
 * under keep-alive load lose no request and cause no reload; bad configuration never reaches
 * traffic; etcd and agent failures do not interrupt it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Etcd3 } from 'etcd3';
import { slbKeys } from '@cellport/plugin-slb-common';
import { HttpLoadResult, startHttpLoad } from '@cellport/test-utils';
import { requirePortal, waitFor } from '../lib/portal';
import {
  agentStatus,
  expectNoFailure,
  hostUrl,
  HOSTS,
  PortalApi,
  ROOT,
  script,
  signInTokens,
} from './portalSlb';
import { getThroughNginx } from './nginxGet';

jest.setTimeout(600_000);

const CELLS = ['dev-1', 'dev-2'];
const app = `slb${Date.now().toString(36).slice(-5)}`;
const domain = `${app}.example.com`;

function spec(image: string, replicas = 2) {
  return {
    image,
    replicas: Object.fromEntries(CELLS.map(c => [c, replicas])),
    env: [],
    healthCheck: { path: '/healthz', periodSeconds: 1 },
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  };
}

/** One request through a host with the domain's Host header. */
const get = (address: string) => getThroughNginx(address, domain);

/** The version that answered (the simulated pods answer with their app, version and pod). */
function versionOf(body: string): string {
  return /"version":"([^"]+)"/.exec(body)?.[1] ?? 'unparsed';
}

/**
 * Load through both hosts, a keep-alive mix as browsers and API clients make it: per host 16
 * kept-alive connections and 2 that open a new connection for every request.
 */
function startLoad() {
  return HOSTS.flatMap(h =>
    [true, false].map(keepAlive =>
      startHttpLoad({
        url: hostUrl(h.address),
        host: domain,
        connections: keepAlive ? 16 : 2,
        keepAlive,
        maxDurationMs: 240_000,
        countBody: versionOf,
      }),
    ),
  );
}

/** The answers by version across loads, between two snapshots of them. */
function answersBetween(before: HttpLoadResult[], after: HttpLoadResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  after.forEach((a, i) => {
    for (const [version, n] of Object.entries(a.byBody)) {
      out[version] = (out[version] ?? 0) + n - (before[i].byBody[version] ?? 0);
    }
  });
  return out;
}

/** The share of the total weight the version's servers hold in the domain's upstream. */
function weightShare(view: any, version: string): number {
  const servers = view.upstreams.flatMap((u: any) => u.servers);
  const total = servers.reduce((n: number, s: any) => n + s.weight, 0);
  const mine = servers.filter((s: any) => s.version === version).reduce((n: number, s: any) => n + s.weight, 0);
  return total ? mine / total : 0;
}

const reloads = async () => Promise.all(HOSTS.map(async h => (await agentStatus(h.address)).reloads));

describe('slb: domains, releases and rollbacks through two real Nginx hosts', () => {
  let url: string;
  let alice: PortalApi;
  let bob: PortalApi;
  let erin: PortalApi;
  let cellsAlice: PortalApi;
  let etcd: Etcd3;

  beforeAll(async () => {
    url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'bob', 'erin']);
    alice = new PortalApi(url, 'slb', tokens.alice);
    bob = new PortalApi(url, 'slb', tokens.bob);
    erin = new PortalApi(url, 'slb', tokens.erin);
    cellsAlice = new PortalApi(url, 'cells', tokens.alice);
    etcd = new Etcd3({ hosts: process.env.CELLPORT_ETCD_URL ?? 'http://127.0.0.1:23790' });
    await cellsAlice.expect(201, 'POST', '/apps', { name: app, production: true, cells: CELLS });
    await cellsAlice.expect(201, 'POST', `/apps/${app}/versions`, { name: 'v1', spec: spec('example/shop:1.0.0') });
  });

  afterAll(async () => {
    etcd?.close();
  });

  it('serves a domain created in the portal from both cells through both Nginx hosts', async () => {
    const created = await alice.expect(201, 'POST', '/domains', {
      name: domain,
      group: 'dev-public',
      app,
      locations: [{ path: '/', app, port: 8080 }],
    });
    expect(created.cname).toBe('dev-public.lb.dev.cellport.local');
    const view = await waitFor('servers of both cells on every converged host', async () => {
      const v = await alice.expect(200, 'GET', `/domains/${domain}`);
      const servers = v.upstreams.flatMap((u: any) => u.servers);
      const cells = new Set(servers.map((s: any) => s.cell));
      const converged = v.hosts.length === 2 && v.hosts.every((h: any) => h.lag === 0);
      return servers.length === 4 && cells.size === 2 && converged ? v : undefined;
    }, 120_000);
    expect(view.config).toContain(`server_name ${domain};`);
    expect(view.hosts.map((h: any) => h.host).sort()).toEqual(['lb-1', 'lb-2']);
    for (const h of HOSTS) {
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) {
        const r = await get(h.address);
        expect(r.status).toBe(200);
        seen.add(r.body);
      }
      expect(seen.size).toBeGreaterThan(1);
    }
  });

  it('releases v2 (a canary weighted to 10% of the traffic, then both cells, old version removed) under load with no failed request and no reload', async () => {
    await cellsAlice.expect(201, 'POST', `/apps/${app}/versions`, { name: 'v2', spec: spec('example/shop:2.0.0') });
    const before = await reloads();
    const loads = startLoad();
    const release = await cellsAlice.expect(201, 'POST', `/apps/${app}/releases`, {
      version: 'v2',
      steps: [
        // one new pod beside three old ones would get 25% by replicas: its weight gives it 10%
        { cells: ['dev-1'], canary: { replicas: 1 }, trafficPercent: 10, readyDeadlineSeconds: 120, approval: 'manual' },
        { cells: CELLS, canary: { percent: 100 }, readyDeadlineSeconds: 120 },
      ],
    });
    await waitFor('the weighted canary to wait for approval', async () => {
      const r = await cellsAlice.expect(200, 'GET', `/apps/${app}/releases/${release.id}`);
      if (['rolled-back', 'failed'].includes(r.state)) throw new Error(`release ${r.state}: ${r.reason}`);
      return r.state === 'waiting-approval' ? r : undefined;
    }, 180_000, 500);
    const weighted = await waitFor('the canary weighted to 10% and applied by every host', async () => {
      const v = await alice.expect(200, 'GET', `/domains/${domain}`);
      const share = weightShare(v, 'v2');
      return Math.abs(share - 0.1) < 0.001 && v.hosts.length === 2 && v.hosts.every((h: any) => h.lag === 0) ? v : undefined;
    }, 60_000);
    const servers = weighted.upstreams.flatMap((u: any) => u.servers);
    expect(servers.filter((s: any) => s.version === 'v2')).toHaveLength(1);
    // measure the answers by version over at least 3,000 requests of the step
    const start = loads.map(l => l.snapshot());
    const counted = () => Object.values(answersBetween(start, loads.map(l => l.snapshot()))).reduce((a, b) => a + b, 0);
    await waitFor('3,000 answers during the canary step', async () => (counted() >= 3000 ? true : undefined), 60_000);
    const answers = answersBetween(start, loads.map(l => l.snapshot()));
    const total = Object.values(answers).reduce((a, b) => a + b, 0);
    const measured = (answers.v2 ?? 0) / total;
    // eslint-disable-next-line no-console
    console.log(`slb canary step: ${(measured * 100).toFixed(1)}% of ${total} answers from v2 (configured 10%, by replicas it would be ${((1 / servers.length) * 100).toFixed(0)}%)`, answers);
    expect(measured).toBeGreaterThan(0.07);
    expect(measured).toBeLessThan(0.13);
    await cellsAlice.expect(200, 'POST', `/apps/${app}/releases/${release.id}/actions`, { action: 'promote' });
    const done = await waitFor('the release to end', async () => {
      const r = await cellsAlice.expect(200, 'GET', `/apps/${app}/releases/${release.id}`);
      return ['succeeded', 'rolled-back', 'failed', 'aborted'].includes(r.state) ? r : undefined;
    }, 300_000, 500);
    // a little traffic after the end, on the new pods only
    await new Promise(r => setTimeout(r, 2000));
    const results = await Promise.all(loads.map(l => l.stop()));
    expect(done.state).toBe('succeeded');
    expectNoFailure('slb load', results);
    expect(await reloads()).toEqual(before);
    const view = await alice.expect(200, 'GET', `/domains/${domain}`);
    const versions = new Set(view.upstreams.flatMap((u: any) => u.servers.map((s: any) => s.version)));
    expect([...versions]).toEqual(['v2']);
    // the share ended with the release: every server at the same weight
    expect(new Set(view.upstreams.flatMap((u: any) => u.servers.map((s: any) => s.weight)))).toEqual(new Set([1]));
  });

  it('rolls back an aborted release under load with no failed request', async () => {
    await cellsAlice.expect(201, 'POST', `/apps/${app}/versions`, { name: 'v3', spec: spec('example/shop:3.0.0') });
    const loads = startLoad();
    const release = await cellsAlice.expect(201, 'POST', `/apps/${app}/releases`, {
      version: 'v3',
      steps: [
        { cells: CELLS, canary: { replicas: 1 }, trafficPercent: 50, readyDeadlineSeconds: 120, approval: 'manual' },
        { cells: CELLS, canary: { percent: 100 }, readyDeadlineSeconds: 120 },
      ],
    });
    await waitFor('the canary to wait for approval', async () => {
      const r = await cellsAlice.expect(200, 'GET', `/apps/${app}/releases/${release.id}`);
      return r.state === 'waiting-approval' ? r : undefined;
    }, 180_000, 500);
    // the canary's pods are in the upstreams
    await waitFor('v3 servers in the upstream with half the weight', async () => {
      const v = await alice.expect(200, 'GET', `/domains/${domain}`);
      return Math.abs(weightShare(v, 'v3') - 0.5) < 0.001 ? v : undefined;
    });
    await cellsAlice.expect(200, 'POST', `/apps/${app}/releases/${release.id}/actions`, { action: 'abort' });
    const done = await waitFor('the rollback to end', async () => {
      const r = await cellsAlice.expect(200, 'GET', `/apps/${app}/releases/${release.id}`);
      return r.state === 'rolled-back' ? r : undefined;
    }, 180_000, 500);
    await new Promise(r => setTimeout(r, 2000));
    const results = await Promise.all(loads.map(l => l.stop()));
    expect(done.state).toBe('rolled-back');
    expectNoFailure('slb load', results);
    const view = await alice.expect(200, 'GET', `/domains/${domain}`);
    const versions = new Set(view.upstreams.flatMap((u: any) => u.servers.map((s: any) => s.version)));
    expect([...versions]).toEqual(['v2']);
  });

  it('hides domains from non-members (404) and refuses creation to a Developer (403)', async () => {
    expect((await bob.call('GET', `/domains/${domain}`)).status).toBe(404);
    expect((await bob.expect(200, 'GET', `/domains?app=${app}`)).items).toEqual([]);
    await cellsAlice.expect(201, 'POST', `/apps/${app}/members`, { member: 'user:default/bob', role: 'developer' });
    expect((await bob.expect(200, 'GET', `/domains/${domain}`)).domain.name).toBe(domain);
    const res = await bob.call('POST', '/domains', {
      name: `dev.${domain}`,
      group: 'dev-public',
      app,
      locations: [{ path: '/', app, port: 8080 }],
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('Master');
    // bad input: 400 with what to fix, nothing written
    const bad = await alice.call('POST', '/domains', { name: 'Not_A_Host', group: 'dev-public', app, locations: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('not a valid host name');
    expect((await alice.call('GET', '/domains/not_a_host')).status).toBe(404);
  });

  it('rejects a bad extra directive before storage; a bad config in etcd leaves Nginx on the last good one with the error shown', async () => {
    expect((await alice.call('PUT', `/domains/${domain}/directives`, { extraDirectives: 'gzip on;' })).status).toBe(403);
    const refused = await erin.call('PUT', `/domains/${domain}/directives`, { extraDirectives: 'no_such_directive on;' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('unknown directive "no_such_directive"');
    const stored = await erin.expect(200, 'PUT', `/domains/${domain}/directives`, { extraDirectives: 'client_max_body_size 4m;' });
    expect(stored.domain.extraDirectives).toBe('client_max_body_size 4m;');
    expect(stored.config).toContain('client_max_body_size 4m;');
    // written past the portal, straight to etcd
    const key = slbKeys.domain('dev-public', domain);
    const good = await etcd.get(key).string();
    const bad = { ...JSON.parse(good!), extraDirectives: 'proxy_pass_nonsense on;' };
    await etcd.put(key).value(JSON.stringify(bad));
    const view = await waitFor('the hosts to report the refused configuration', async () => {
      const v = await alice.expect(200, 'GET', `/domains/${domain}`);
      return v.hosts.every((h: any) => h.error?.includes('proxy_pass_nonsense')) ? v : undefined;
    });
    expect(view.hosts).toHaveLength(2);
    for (const h of HOSTS) {
      for (let i = 0; i < 10; i++) expect((await get(h.address)).status).toBe(200);
    }
    await etcd.put(key).value(good!);
    await waitFor('the error to clear', async () => {
      const v = await alice.expect(200, 'GET', `/domains/${domain}`);
      return v.hosts.every((h: any) => !h.error && h.lag === 0) ? v : undefined;
    });
  });

  it('keeps the last servers of an unreachable cell, marked stale, and serves on', async () => {
    const stateDir = process.env.CELLPORT_STATE_DIR ?? path.join(ROOT, '.cellport');
    const { adminUrl } = JSON.parse(fs.readFileSync(path.join(stateDir, 'cells', 'cells.json'), 'utf8'));
    const reachable = (value: boolean) =>
      fetch(`${adminUrl}/_sim/reachable`, { method: 'POST', body: JSON.stringify({ cell: 'dev-2', reachable: value }) });
    const before = await alice.expect(200, 'GET', `/domains/${domain}`);
    const dev2 = before.upstreams[0].servers.filter((s: any) => s.cell === 'dev-2').map((s: any) => s.address);
    expect(dev2.length).toBeGreaterThan(0);
    await reachable(false);
    try {
      const stale = await waitFor('dev-2 marked stale', async () => {
        const v = await alice.expect(200, 'GET', `/domains/${domain}`);
        return v.upstreams[0].cells['dev-2']?.stale ? v : undefined;
      });
      expect(stale.upstreams[0].servers.filter((s: any) => s.cell === 'dev-2').map((s: any) => s.address)).toEqual(dev2);
      for (const h of HOSTS) for (let i = 0; i < 10; i++) expect((await get(h.address)).status).toBe(200);
    } finally {
      await reachable(true);
    }
    await waitFor('dev-2 followed again', async () => {
      const v = await alice.expect(200, 'GET', `/domains/${domain}`);
      return v.upstreams[0].cells['dev-2']?.stale === false ? v : undefined;
    });
  });

  it('keeps serving while etcd is stopped; agents resync; a SIGKILLed agent converges after restart', async () => {
    const loads = startLoad();
    await script('infra.sh', 'stop', 'etcd');
    await new Promise(r => setTimeout(r, 2000));
    await script('infra.sh', 'start', 'etcd');
    const pidFile = path.join(process.env.CELLPORT_STATE_DIR ?? path.join(ROOT, '.cellport'), 'slb', 'lb-2.pid');
    process.kill(Number(fs.readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
    // a change while lb-2 is dead
    const res = await etcd.put(slbKeys.domain('dev-public', `x-${domain}`)).value(
      JSON.stringify({ name: `x-${domain}`, group: 'dev-public', app, locations: [{ path: '/', app, port: 8080 }] }),
    ).exec();
    const revision = Number(res.header.revision);
    await script('slb-agents.sh', 'start');
    const converged = await waitFor('both agents at the new revision', async () => {
      const statuses = await Promise.all(HOSTS.map(h => agentStatus(h.address)));
      return statuses.every(st => st.revision >= revision) ? statuses : undefined;
    }, 120_000);
    expect(converged.map(st => st.errors)).toEqual([{}, {}]);
    const results = await Promise.all(loads.map(l => l.stop()));
    expectNoFailure('slb load', results, 100);
    await etcd.delete().key(slbKeys.domain('dev-public', `x-${domain}`)).exec();
  });
});
