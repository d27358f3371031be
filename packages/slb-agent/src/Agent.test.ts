/*
 * The agent against real etcd and real Nginx (with Lua): two agents of one group, app servers on
 * loopback, traffic through both Nginx hosts.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Etcd3 } from 'etcd3';
import { slbKeys, SlbUpstream } from '@cellport/plugin-slb-common';
import { startHttpLoad } from '@cellport/test-utils';
import {
  AgentProcess,
  CuttableProxy,
  LocalEtcd,
  poll,
  startAppServer,
} from './__testUtils__/harness';

jest.setTimeout(240_000);

const GROUP = 'g1';
const DOMAIN = 'shop.example.com';

describe('slb agent with real etcd and Nginx', () => {
  let dir: string;
  let etcd: LocalEtcd;
  let proxy: CuttableProxy;
  let client: Etcd3;
  let lb1: AgentProcess;
  let lb2: AgentProcess;
  const apps: Array<Awaited<ReturnType<typeof startAppServer>>> = [];

  async function putUpstream(
    servers: Array<{ address: string; weight?: number }>,
  ): Promise<number> {
    const value: SlbUpstream = {
      app: 'shop',
      port: 9001,
      servers: servers.map(s => ({
        address: s.address,
        cell: 'c1',
        version: 'v1',
        weight: s.weight ?? 1,
      })),
      cells: {},
    };
    const res = await client
      .put(slbKeys.upstream(GROUP, 'shop', 9001))
      .value(JSON.stringify(value))
      .exec();
    return Number(res.header.revision);
  }

  async function putDomain(extra: object = {}): Promise<number> {
    const res = await client
      .put(slbKeys.domain(GROUP, DOMAIN))
      .value(
        JSON.stringify({
          name: DOMAIN,
          group: GROUP,
          app: 'shop',
          locations: [{ path: '/', app: 'shop', port: 9001 }],
          ...extra,
        }),
      )
      .exec();
    return Number(res.header.revision);
  }

  async function converged(revision: number, agents = [lb1, lb2]) {
    await poll(`agents at revision ${revision}`, async () => {
      for (const a of agents) {
        if (((await a.status())?.revision ?? 0) < revision) return false;
      }
      return true;
    });
  }

  // fetch() may not set Host: node:http does
  function get(agent: AgentProcess): Promise<{ status?: number; backend?: string }> {
    return new Promise(resolve => {
      const req = http.get(agent.url, { headers: { host: DOMAIN }, agent: false, timeout: 5000 }, res => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode, backend: res.headers['x-backend'] as string | undefined }),
        );
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', err => resolve({ status: undefined, backend: String(err) }));
    });
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slb-agent-'));
    etcd = await LocalEtcd.start(dir);
    proxy = new CuttableProxy(Number(new URL(etcd.endpoint).port));
    await proxy.start();
    client = new Etcd3({ hosts: etcd.endpoint });
    // lb-1 reaches etcd through a proxy the tests can cut
    lb1 = await AgentProcess.create({
      host: 'lb-1', address: '127.0.0.31', group: GROUP,
      etcd: `http://127.0.0.1:${proxy.port}`, stateDir: path.join(dir, 'lb-1'),
    });
    lb2 = await AgentProcess.create({
      host: 'lb-2', address: '127.0.0.32', group: GROUP,
      etcd: etcd.endpoint, stateDir: path.join(dir, 'lb-2'),
    });
    await Promise.all([lb1.start(), lb2.start()]);
    for (let i = 1; i <= 3; i++) apps.push(await startAppServer(`127.0.0.4${i}`, 9001, `a${i}`));
  });

  afterAll(async () => {
    await Promise.all([lb1?.stop(), lb2?.stop()]);
    client?.close();
    await proxy?.stop();
    await etcd?.stop();
    await Promise.all(apps.map(a => a.close()));
    if (dir && !process.env.SLB_TEST_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a domain through both hosts with weights honoured and registers under a lease', async () => {
    await putUpstream([{ address: apps[0].address, weight: 1 }, { address: apps[1].address, weight: 3 }]);
    await converged(await putDomain());
    const counts: Record<string, number> = {};
    for (const agent of [lb1, lb2]) {
      for (let i = 0; i < 200; i++) {
        const r = await get(agent);
        expect(r.status).toBe(200);
        counts[r.backend!] = (counts[r.backend!] ?? 0) + 1;
      }
    }
    // 1:3 of 400: a2 takes about 300 (well clear of an even split)
    expect(counts.a2).toBeGreaterThan(250);
    expect(counts.a1).toBeGreaterThan(50);
    const registered = await client.getAll().prefix(slbKeys.agents(GROUP)).strings();
    expect(Object.keys(registered).sort()).toEqual([
      slbKeys.agent(GROUP, 'lb-1'),
      slbKeys.agent(GROUP, 'lb-2'),
    ]);
    const metrics = await lb1.metrics();
    expect(metrics).toMatch(
      new RegExp(`cellport_slb_requests_total\\{group="g1",host="lb-1",domain="${DOMAIN}",server="${apps[1].address}",class="2xx"\\} \\d+`),
    );
    expect(metrics).toContain('cellport_slb_request_duration_seconds_bucket{');
  });

  it('applies server changes under load without a reload and without a failed request', async () => {
    const before = await Promise.all([lb1.status(), lb2.status()]);
    const loads = [lb1, lb2].map(a => startHttpLoad({ url: a.url, host: DOMAIN, connections: 4, maxDurationMs: 60_000 }));
    const sets = [[0, 1], [1, 2], [2], [0, 2], [0, 1, 2], [1]];
    let revision = 0;
    for (let round = 0; round < 3; round++) {
      for (const set of sets) {
        revision = await putUpstream(set.map(i => ({ address: apps[i].address })));
        await converged(revision);
      }
    }
    const results = await Promise.all(loads.map(l => l.stop()));
    const after = await Promise.all([lb1.status(), lb2.status()]);
    for (const r of results) {
      expect(r.requests).toBeGreaterThan(100);
      expect({ non2xx: r.non2xx, socketErrors: r.socketErrors, samples: r.errorSamples }).toEqual({
        non2xx: 0, socketErrors: 0, samples: [],
      });
    }
    expect(after.map(s => s!.reloads)).toEqual(before.map(s => s!.reloads));
  });

  it('retries a request that a dead server refuses on the next server', async () => {
    const dead = await startAppServer('127.0.0.44', 9001, 'dead');
    await dead.close();
    await converged(await putUpstream([{ address: dead.address }, { address: apps[0].address }]));
    for (let i = 0; i < 100; i++) {
      expect(await get(lb1)).toEqual({ status: 200, backend: 'a1' });
    }
  });

  it('keeps the last good configuration when a domain is refused by nginx -t, and reports why', async () => {
    await converged(await putUpstream([{ address: apps[0].address }, { address: apps[1].address }]));
    const good = await putDomain({ headers: { 'X-Team': 'shop' } });
    await converged(good);
    const bad = await putDomain({ extraDirectives: 'no_such_directive on;' });
    await converged(bad);
    for (const agent of [lb1, lb2]) {
      const status = await agent.status();
      expect(status!.errors[DOMAIN]).toContain('unknown directive "no_such_directive"');
      expect((await get(agent)).status).toBe(200);
    }
    const conf = fs.readFileSync(path.join(lb1.where.stateDir, 'conf/domains', `${DOMAIN}.conf`), 'utf8');
    expect(conf).toContain('X-Team');
    expect(conf).not.toContain('no_such_directive');
    // fixed: applied, error gone
    await converged(await putDomain({ extraDirectives: 'client_max_body_size 2m;' }));
    await poll('error cleared', async () => !(await lb1.status())!.errors[DOMAIN]);
    expect(fs.readFileSync(path.join(lb1.where.stateDir, 'conf/domains', `${DOMAIN}.conf`), 'utf8')).toContain(
      'client_max_body_size 2m;',
    );
  });

  it('keeps serving while cut off from etcd and resyncs after the missed revisions were compacted', async () => {
    proxy.cutOff();
    // lb-1 misses these; then etcd forgets them
    for (const set of [[0], [1], [2]]) {
      await putUpstream(set.map(i => ({ address: apps[i].address })));
    }
    const latest = await putUpstream([{ address: apps[2].address }]);
    await client.put('/slb/other/compaction-marker').value('x').exec();
    const compactTo = await client.get('/slb/other/compaction-marker').exec();
    await (client as any).kv.compact({ revision: compactTo.header.revision, physical: true });
    for (let i = 0; i < 20; i++) expect((await get(lb1)).status).toBe(200);
    proxy.restore();
    await converged(latest);
    for (let i = 0; i < 20; i++) expect(await get(lb1)).toEqual({ status: 200, backend: 'a3' });
  });

  it('keeps serving while etcd is stopped, resyncs when it returns, and converges after SIGKILL + restart', async () => {
    await converged(await putUpstream([{ address: apps[0].address }, { address: apps[1].address }]));
    const load = startHttpLoad({ url: lb2.url, host: DOMAIN, connections: 4, maxDurationMs: 120_000 });
    await etcd.stop();
    await new Promise(r => setTimeout(r, 1500));
    await etcd.start();
    const afterRestart = await putUpstream([{ address: apps[2].address }]);
    await converged(afterRestart);
    // the agent dies hard; its Nginx serves on, a new agent adopts it and catches up
    const nginxPid = lb2.nginxPid();
    await lb2.kill();
    const missed = await putUpstream([{ address: apps[1].address }]);
    await lb2.start();
    await converged(missed);
    expect(lb2.nginxPid()).toBe(nginxPid);
    const result = await load.stop();
    expect(result.requests).toBeGreaterThan(100);
    expect({ non2xx: result.non2xx, socketErrors: result.socketErrors }).toEqual({ non2xx: 0, socketErrors: 0 });
    expect(await get(lb2)).toEqual({ status: 200, backend: 'a2' });
  });
});
