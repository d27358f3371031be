/**
 * Load balancer traffic for the kill suite: a REAL etcd (scripts/infra.sh on free ports), an LB
 * group of two REAL Nginx hosts run by the slb agent (packages/slb-agent, as scripts/slb-agents.sh
 * runs them, on loopback addresses and free ports of their own), a domain per released app created
 * by the slb plugin's own DomainService (the replicas run the slb plugin: its service discovery
 * fills the domains' upstreams, its drain hook takes pods out before the cells plugin deletes them),
 * and a request mix through both hosts for the whole run: kept-alive
 * connections, as browsers and API clients make them, and clients that open a new connection for
 * every request. Every answer must be a 2xx; the keep-alive-close retries of the load generator
 * (a request written on a connection Nginx had just closed, retried once as HTTP clients do) are
 * counted apart.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { AppAccess } from '@cellport/plugin-access-node';
// The slb plugin's services, from its sources: they are not its public API (which is the plugin).
/* eslint-disable @backstage/no-forbidden-package-imports */
import { ConfigGroupSupplier } from '@cellport/plugin-slb-backend/src/services/ConfigGroupSupplier';
import { DirectiveChecker } from '@cellport/plugin-slb-backend/src/services/DirectiveChecker';
import { DomainService } from '@cellport/plugin-slb-backend/src/services/DomainService';
import { SlbEtcd } from '@cellport/plugin-slb-backend/src/services/SlbEtcd';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { freePort, HttpLoad, HttpLoadResult, startHttpLoad } from '@cellport/test-utils';
import { waitFor } from './releaseRounds';

const execFileP = promisify(execFile);
// eslint-disable-next-line no-restricted-syntax -- test sources run from the repository, never bundled
const ROOT = path.resolve(__dirname, '../../..');

/** The group's hosts (loopback addresses no other instance's LB group uses). */
const HOSTS = [
  { host: 'klb-1', address: '127.0.0.61' },
  { host: 'klb-2', address: '127.0.0.62' },
];

/** What the load saw, summed over its generators. */
export interface LbFigures {
  requests: number;
  failed: number;
  socketErrors: number;
  keepAliveRetries: number;
  statuses: Record<string, number>;
  errorSamples: string[];
}

/** One GET through `address` with the domain's Host header: the status, or the socket error. */
function getThrough(address: string, port: number, domain: string): Promise<number | string> {
  return new Promise(resolve => {
    const req = http.get(`http://${address}:${port}/`, { headers: { host: domain }, agent: false, timeout: 5000 }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', e => resolve(String(e)));
  });
}

/** The LB group of the kill suite, its etcd and its agents. */
export class LbTraffic {
  private readonly agents: ChildProcess[] = [];
  private loads: HttpLoad[] = [];
  private readonly group = `kill${Date.now().toString(36).slice(-5)}`;

  private constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly etcdUrl: string,
    private readonly httpPort: number,
  ) {}

  /** Starts etcd and the two agents (state below `dir`). */
  static async start(dir: string): Promise<LbTraffic> {
    const env = {
      ...process.env,
      CELLPORT_STATE_DIR: dir,
      CELLPORT_ETCD_PORT: String(await freePort()),
      CELLPORT_ETCD_PEER_PORT: String(await freePort()),
    };
    const lb = new LbTraffic(dir, env, `http://127.0.0.1:${env.CELLPORT_ETCD_PORT}`, await freePort());
    try {
      await execFileP('bash', [path.join(ROOT, 'scripts/infra.sh'), 'start', 'etcd'], { env, timeout: 180_000 });
      await lb.startAgents();
    } catch (e) {
      await lb.stop();
      throw e;
    }
    return lb;
  }

  private async startAgents() {
    const adminPort = await freePort();
    const metricsPort = await freePort();
    for (const { host, address } of HOSTS) {
      const log = fs.openSync(path.join(this.dir, `${host}.log`), 'a');
      const child = spawn(
        process.execPath,
        [
          path.join(ROOT, 'packages/slb-agent/bin/slb-agent'),
          '--group', this.group, '--host', host, '--etcd', this.etcdUrl, '--address', address,
          '--http-port', String(this.httpPort), '--admin-port', String(adminPort),
          '--metrics-port', String(metricsPort), '--state-dir', path.join(this.dir, host),
          '--workers', '1',
        ],
        // the repository's agent (its sources), whether or not a packaging step left a dist/ behind
        { stdio: ['ignore', log, log], env: { ...process.env, SLB_AGENT_FROM_SOURCE: '1' } },
      );
      fs.closeSync(log);
      this.agents.push(child);
    }
    for (const { host, address } of HOSTS) {
      await waitFor(`slb agent ${host}`, async () => (await fetch(`http://${address}:${metricsPort}/status`)).ok, 120_000).catch(e => {
        throw new Error(`${e}: ${fs.readFileSync(path.join(this.dir, `${host}.log`), 'utf8').slice(-2000)}`);
      });
    }
  }

  /** `cellport.slb` of the replicas: this group in `region`. */
  slbConfig(region: string): JsonObject {
    return {
      drainTimeoutSeconds: 30,
      groups: [
        {
          name: this.group,
          region,
          vip: HOSTS[0].address,
          cnameSuffix: 'lb.kill.cellport.local',
          visibility: 'public',
          httpPort: this.httpPort,
          etcd: { endpoints: [this.etcdUrl] },
        },
      ],
    };
  }

  private domain(app: string) {
    return `${app}.kill.example.com`;
  }

  /**
   * Creates a domain per app with the slb plugin's DomainService (validation, rendering and the
   * etcd write of the plugin; who may is the permission matrix's business, so every decision is
   * ALLOW here) and waits until both hosts answer each with a 2xx.
   */
  async createDomains(region: string, owner: string, apps: string[]): Promise<void> {
    const etcd = new SlbEtcd();
    const domains = new DomainService(
      new ConfigGroupSupplier(new ConfigReader({ cellport: { slb: this.slbConfig(region) } })),
      etcd,
      new AppAccess(mockServices.permissions()),
      new DirectiveChecker('nginx'),
      mockServices.logger.mock(),
    );
    try {
      for (const app of apps) {
        const input = { name: this.domain(app), group: this.group, app, locations: [{ path: '/', app, port: 8080 }] };
        await domains.create(mockCredentials.user(owner), input, owner);
      }
    } finally {
      etcd.close();
    }
    for (const app of apps) {
      for (const { address } of HOSTS) {
        await waitFor(`${this.domain(app)} served through ${address}`, async () => {
          const status = await getThrough(address, this.httpPort, this.domain(app));
          return typeof status === 'number' && status >= 200 && status < 300;
        }, 180_000);
      }
    }
  }

  /**
   * Starts the request mix for at most `maxDurationMs`: per host and app, `keptAlive` kept-alive
   * connections and one client opening a new connection for every request (closed loops, so the
   * rate is bounded by the machine, the count by the duration).
   */
  startLoad(apps: string[], maxDurationMs: number, keptAlive = 2): void {
    this.loads = HOSTS.flatMap(({ address }) =>
      apps.flatMap(app =>
        [true, false].map(keepAlive =>
          startHttpLoad({
            url: `http://${address}:${this.httpPort}/`,
            host: this.domain(app),
            connections: keepAlive ? keptAlive : 1,
            keepAlive,
            maxDurationMs,
            timeoutMs: 10_000,
          }),
        ),
      ),
    );
  }

  /** Stops the load; what it saw. */
  async stopLoad(): Promise<LbFigures> {
    const results: HttpLoadResult[] = await Promise.all(this.loads.map(l => l.stop()));
    const statuses: Record<string, number> = {};
    for (const r of results) {
      for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    }
    return {
      requests: results.reduce((n, r) => n + r.requests, 0),
      failed: results.reduce((n, r) => n + r.non2xx + r.socketErrors, 0),
      socketErrors: results.reduce((n, r) => n + r.socketErrors, 0),
      keepAliveRetries: results.reduce((n, r) => n + r.keepAliveRetries, 0),
      statuses,
      errorSamples: results.flatMap(r => r.errorSamples).slice(0, 10),
    };
  }

  /** Stops the load, the agents (SIGTERM: they deregister and quit their Nginx) and etcd. */
  async stop(): Promise<void> {
    await Promise.all(this.loads.map(l => l.stop()));
    await Promise.all(
      this.agents.map(
        child =>
          new Promise<void>(resolve => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve();
              return;
            }
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await execFileP('bash', [path.join(ROOT, 'scripts/infra.sh'), 'stop', 'etcd'], { env: this.env }).catch(() => undefined);
  }
}
