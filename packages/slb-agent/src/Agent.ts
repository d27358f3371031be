/**
 * The slb agent: follows its LB group in etcd and keeps its Nginx in step.
 *
 * - Upstream server changes go to the Lua balancer through the admin endpoint: no reload.
 * - Domain changes are rendered, tested with `nginx -t` and applied with a reload; reloads are
 *   coalesced and at least `reloadMinIntervalMs` apart. A refused domain keeps its last good
 *   configuration and its error is reported.
 * - The applied revision, errors and reload count are reported under the agent's lease.
 * - While etcd is away Nginx serves the last configuration; the agent resyncs when it returns.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Etcd3, isRecoverableError } from 'etcd3';
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
} from 'cockatiel';
import { SlbAgentStatus, SlbUpstream } from '@cellport/plugin-slb-common';
import { AdminClient, upstreamsBody } from './AdminClient';
import { ConfigApplier } from './ConfigApplier';
import { GroupSource } from './GroupSource';
import { AgentLogger, jsonLogger, SlbAgentOptions } from './options';
import { AgentMetrics, LUA_BUCKETS, luaStatsExposition } from './metrics';
import { NginxHost } from './NginxHost';
import { Registration } from './Registration';

/** @public */
export class SlbAgent {
  private readonly client: Etcd3;
  private readonly nginx: NginxHost;
  private readonly applier: ConfigApplier;
  private readonly admin: AdminClient;
  private readonly source: GroupSource;
  private readonly registration: Registration;
  private readonly metrics: AgentMetrics;
  private server?: http.Server;
  private readonly startedAt = new Date().toISOString();

  private running = false;
  private pending = false;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private lastReloadAt = 0;
  private pushedUpstreams?: string;
  private appliedRevision = 0;
  private reloadCount = 0;
  /** Domains refused by nginx -t. */
  private configErrors: Record<string, string> = {};
  /** Domains whose etcd value is not valid. */
  private invalidDomains: Record<string, string> = {};
  private lastError?: string;
  private stopped = false;
  private readonly upstreamsFile: string;

  private constructor(
    private readonly options: SlbAgentOptions,
    private readonly logger: AgentLogger,
  ) {
    this.client = new Etcd3({
      hosts: options.etcdEndpoints,
      dialTimeout: 2000,
      // etcd coming back must be noticed within a second (the defaults wait up to 30 s)
      faultHandling: {
        host: () =>
          circuitBreaker(handleWhen(isRecoverableError), {
            halfOpenAfter: 500,
            breaker: new ConsecutiveBreaker(3),
          }),
        global: retry(handleWhen(isRecoverableError), { maxAttempts: 2 }),
        watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }).next(),
      },
    });
    this.nginx = new NginxHost(options);
    this.applier = new ConfigApplier(this.nginx, {
      listenAddress: options.address,
      httpPort: options.httpPort,
      httpsPort: options.httpsPort,
      certificateDir: options.certificateDir,
    });
    this.admin = new AdminClient(this.nginx.adminUrl);
    this.source = new GroupSource(this.client, options.group, logger);
    this.registration = new Registration(
      this.client,
      options.group,
      options.host,
      options.leaseTtlSeconds ?? 10,
      logger,
    );
    this.metrics = new AgentMetrics({ group: options.group, host: options.host });
    this.upstreamsFile = path.join(this.nginx.stateDir, 'applied-upstreams.txt');
  }

  /** Starts Nginx (or adopts it), the metrics server, then follows etcd. */
  static async start(
    options: SlbAgentOptions,
    logger: AgentLogger = jsonLogger({ group: options.group, host: options.host }),
  ): Promise<SlbAgent> {
    const agent = new SlbAgent(options, logger);
    await agent.init();
    return agent;
  }

  private async init(): Promise<void> {
    this.nginx.prepare();
    this.applier.load();
    const how = await this.nginx.start();
    this.logger.info(`nginx ${how}`, { adminUrl: this.nginx.adminUrl });
    // serve the last known servers at once, even before etcd answers
    if (fs.existsSync(this.upstreamsFile)) {
      await this.pushUpstreams(fs.readFileSync(this.upstreamsFile, 'utf8'));
    }
    await this.startMetricsServer();
    this.source.on('change', () => this.schedule());
    void this.source.start();
    // a fresh report now and then, so the portal can tell a quiet host from a stuck one
    this.heartbeat = setInterval(() => {
      if (this.source.isSynced) this.registration.report(this.status());
    }, 15_000);
    this.heartbeat.unref();
  }

  private async startMetricsServer(): Promise<void> {
    const server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/metrics') {
        this.metricsText().then(
          text => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text),
          err => res.writeHead(500).end(String(err)),
        );
      } else if (url === '/health' || url === '/status') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.status()));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        this.options.metricsPort,
        this.options.metricsAddress ?? this.options.address,
        () => resolve(),
      );
    });
    this.server = server;
  }

  private async metricsText(): Promise<string> {
    this.metrics.etcdSynced.set(this.source.isSynced ? 1 : 0);
    const own = await this.metrics.registry.metrics();
    const lua = luaStatsExposition(await this.admin.getStats(), LUA_BUCKETS, {
      group: this.options.group,
      host: this.options.host,
    });
    return `${own}\n${lua}`;
  }

  /** What the agent reports under its key. */
  status(): SlbAgentStatus {
    return {
      host: this.options.host,
      address: this.options.address,
      httpPort: this.options.httpPort,
      metricsUrl: `http://${this.options.metricsAddress ?? this.options.address}:${this.options.metricsPort}/metrics`,
      revision: this.appliedRevision,
      errors: { ...this.configErrors, ...this.invalidDomains },
      lastError: this.lastError,
      reloads: this.reloadCount,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
    };
  }

  /** Runs an apply pass now, or once more after the running one. */
  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = true;
    void this.applyLoop().finally(() => {
      this.running = false;
    });
  }

  private async applyLoop(): Promise<void> {
    do {
      this.pending = false;
      await this.applyOnce();
    } while (this.pending && !this.stopped);
  }

  private async pushUpstreams(body: string): Promise<void> {
    await this.admin.putUpstreams(body);
    this.pushedUpstreams = body;
    this.metrics.upstreamUpdates.inc();
  }

  private async applyOnce(): Promise<void> {
    const snap = this.source.snapshot();
    if (!this.source.isSynced) return;
    const errors: string[] = [];
    let complete = true;
    // 1. servers: straight to the Lua balancer
    const body = upstreamsBody(snap.upstreams as ReadonlyMap<string, SlbUpstream>);
    if (body !== this.pushedUpstreams) {
      try {
        await this.pushUpstreams(body);
        fs.writeFileSync(`${this.upstreamsFile}.tmp`, body);
        fs.renameSync(`${this.upstreamsFile}.tmp`, this.upstreamsFile);
      } catch (e) {
        complete = false;
        errors.push(String(e instanceof Error ? e.message : e));
        this.retryIn(500);
      }
    }
    // 2. domains: test, write, reload (coalesced, rate-limited)
    const wait = this.lastReloadAt + (this.options.reloadMinIntervalMs ?? 1000) - Date.now();
    const domainsChanged = this.applier.needsApply(snap.domains);
    if (domainsChanged && wait > 0) {
      complete = false;
      this.retryIn(wait);
    } else if (domainsChanged) {
      try {
        const result = await this.applier.apply(snap.domains);
        const failed = Object.keys(result.errors).length;
        this.metrics.configTests.inc({ result: failed ? 'failed' : 'ok' });
        if (result.reloaded) {
          this.lastReloadAt = Date.now();
          this.reloadCount++;
          this.metrics.reloads.inc();
          this.logger.info('nginx reloaded', { revision: snap.revision, domains: snap.domains.size });
        }
        this.configErrors = result.errors;
        for (const [domain, message] of Object.entries(result.errors)) {
          this.logger.warn('domain configuration refused; keeping its last good one', {
            domain,
            error: message,
          });
        }
      } catch (e) {
        complete = false;
        errors.push(String(e instanceof Error ? e.message : e));
        this.retryIn(1000);
      }
    }
    this.invalidDomains = {};
    const invalidOther: string[] = [];
    for (const [key, problem] of Object.entries(snap.invalid)) {
      if (key.includes('/domains/')) {
        this.invalidDomains[key.split('/').pop() ?? key] = `invalid value in etcd: ${problem}`;
      } else {
        invalidOther.push(`${key}: invalid value in etcd: ${problem}`);
      }
    }
    const all = [
      ...errors,
      ...Object.entries({ ...this.configErrors, ...this.invalidDomains }).map(([d, m]) => `${d}: ${m}`),
      ...invalidOther,
    ];
    this.lastError = all.length ? all.join('\n') : undefined;
    if (complete) this.appliedRevision = snap.revision;
    this.metrics.appliedRevision.set(this.appliedRevision);
    this.metrics.domainErrors.set(
      Object.keys({ ...this.configErrors, ...this.invalidDomains }).length,
    );
    this.registration.report(this.status());
  }

  private retryIn(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.schedule(), Math.max(ms, 10));
  }

  /** Stops following etcd, deregisters and (unless `keepNginx`) stops Nginx gracefully. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    await this.source.stop();
    await this.registration.stop();
    this.client.close();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (!this.options.keepNginx) await this.nginx.stop();
  }
}
