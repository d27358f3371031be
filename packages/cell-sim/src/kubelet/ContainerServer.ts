import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SimEnv } from './simEnv';
import type { Tracer } from './tracing';

/** Who a simulated container is (used in responses and metric labels). */
export interface ContainerIdentity {
  cell: string;
  namespace: string;
  pod: string;
  container: string;
  app: string;
  version: string;
  node: string;
  podIP: string;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Options of a container server. */
export interface ContainerServerOptions {
  identity: ContainerIdentity;
  ports: number[];
  env: SimEnv;
  /** Readiness probe path (answers 503 while the app is not ready). */
  readinessPath?: string;
  /** Paths used by probes: never failed or delayed by SIM_FAIL_RATE / SIM_LATENCY_MS. */
  probePaths: Set<string>;
  /** Access log sink. */
  log: (line: string) => void;
  /** Restart count of the container (reported in /metrics). */
  restarts: () => number;
  /** SkyWalking tracing of ordinary requests, when the environment names a collector. */
  tracer?: Tracer;
}

function esc(v: string) {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The simulated application of one container: an HTTP server on each of its ports, bound to the
 * pod's loopback address, answering every path with a small JSON body and serving /metrics.
 */
export class ContainerServer {
  private readonly servers: http.Server[] = [];
  private readonly startedAt = Date.now();
  private inflight = 0;
  private requests = 0;
  private rxBytes = 0;
  private txBytes = 0;
  private readonly counts = new Map<string, number>();
  private readonly buckets = new Array<number>(BUCKETS.length).fill(0);
  private durationSum = 0;
  private durationCount = 0;
  private cpuSample = { at: Date.now(), cpu: 0 };
  private lastCpuRate: number;

  constructor(private readonly opts: ContainerServerOptions) {
    this.lastCpuRate = opts.env.cpuMillicores;
  }

  /** Binds all ports; rejects (and closes what was bound) when a port cannot be bound. */
  async start(): Promise<void> {
    for (const port of this.opts.ports) {
      const server = http.createServer((req, res) => this.handle(req, res));
      server.keepAliveTimeout = 5000;
      server.on('connection', sock => {
        sock.on('data', (d: Buffer) => {
          this.rxBytes += d.length;
        });
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port, host: this.opts.identity.podIP, exclusive: true }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        this.kill();
        throw e;
      }
      this.servers.push(server);
    }
  }

  /** Ports actually bound. */
  boundPorts(): number[] {
    return this.servers.map(s => (s.address() as AddressInfo).port);
  }

  /** Whether the app currently reports ready. */
  isAppReady(): boolean {
    if (this.opts.env.neverReady) return false;
    return Date.now() - this.startedAt >= this.opts.env.readyAfterMs;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const start = process.hrtime.bigint();
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const isMetrics = path === '/metrics';
    const isProbe = this.opts.probePaths.has(path);
    this.inflight++;
    const finish = (code: number, body: string, type = 'application/json') => {
      res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      this.txBytes += Buffer.byteLength(body) + 100;
      this.inflight--;
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      if (!isMetrics) {
        this.requests++;
        const key = `${code}|${req.method}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        this.durationSum += secs;
        this.durationCount++;
        for (let i = 0; i < BUCKETS.length; i++) if (secs <= BUCKETS[i]) this.buckets[i]++;
        const remote = req.socket.remoteAddress ?? '-';
        const ts = new Date().toUTCString();
        this.opts.log(`${remote} - - [${ts}] "${req.method} ${url} HTTP/${req.httpVersion}" ${code} ${Buffer.byteLength(body)} "${req.headers.referer ?? '-'}" "${req.headers['user-agent'] ?? '-'}" rt=${secs.toFixed(3)}`);
      }
    };
    const id = this.opts.identity;
    if (isMetrics) {
      finish(200, this.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
      return;
    }
    const notReady = !this.isAppReady() && (!isProbe || path === this.opts.readinessPath);
    if (notReady) {
      finish(503, JSON.stringify({ status: 'not ready', app: id.app, version: id.version, pod: id.pod }));
      return;
    }
    const body = (code: number) =>
      JSON.stringify({
        app: id.app, version: id.version, pod: id.pod, namespace: id.namespace, container: id.container,
        cell: id.cell, node: id.node, podIP: id.podIP, method: req.method, path, status: code,
      });
    if (isProbe) {
      finish(200, body(200));
      return;
    }
    const [lo, hi] = this.opts.env.latencyMs;
    const delay = lo + Math.random() * (hi - lo);
    const traced = this.opts.tracer?.begin(req, path);
    const respond = async () => {
      await traced?.callDownstreams();
      const code = Math.random() < this.opts.env.failRate ? 500 : 200;
      finish(code, body(code));
      traced?.end(code);
    };
    req.resume();
    if (delay > 0) setTimeout(respond, delay);
    else respond();
  }

  /** Total CPU seconds used so far. */
  cpuSecondsTotal(): number {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    return (elapsed * this.opts.env.cpuMillicores) / 1000 + (this.requests * this.opts.env.cpuMsPerRequest) / 1000;
  }

  /** CPU use in millicores, averaged since the previous call (at least 1s apart). */
  cpuMillicores(): number {
    const now = Date.now();
    const cpu = this.cpuSecondsTotal();
    const dt = (now - this.cpuSample.at) / 1000;
    if (dt >= 1) {
      this.lastCpuRate = ((cpu - this.cpuSample.cpu) / dt) * 1000;
      this.cpuSample = { at: now, cpu };
    }
    return this.lastCpuRate;
  }

  /** Memory working set in bytes. */
  memoryBytes(): number {
    return Math.round(this.opts.env.memoryMb * 1024 * 1024 + this.inflight * 64 * 1024);
  }

  private metrics(): string {
    const id = this.opts.identity;
    const c = `container="${esc(id.container)}",namespace="${esc(id.namespace)}",pod="${esc(id.pod)}"`;
    const p = `namespace="${esc(id.namespace)}",pod="${esc(id.pod)}"`;
    const lines: string[] = [];
    lines.push('# HELP http_requests_total Total HTTP requests handled by the simulated app.');
    lines.push('# TYPE http_requests_total counter');
    for (const [key, n] of this.counts) {
      const [code, method] = key.split('|');
      lines.push(`http_requests_total{code="${code}",method="${method}"} ${n}`);
    }
    lines.push('# HELP http_request_duration_seconds HTTP request latency of the simulated app.');
    lines.push('# TYPE http_request_duration_seconds histogram');
    BUCKETS.forEach((b, i) => lines.push(`http_request_duration_seconds_bucket{le="${b}"} ${this.buckets[i]}`));
    lines.push(`http_request_duration_seconds_bucket{le="+Inf"} ${this.durationCount}`);
    lines.push(`http_request_duration_seconds_sum ${this.durationSum}`);
    lines.push(`http_request_duration_seconds_count ${this.durationCount}`);
    lines.push('# HELP http_requests_in_flight Requests being served.');
    lines.push('# TYPE http_requests_in_flight gauge');
    lines.push(`http_requests_in_flight ${this.inflight}`);
    lines.push('# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.');
    lines.push('# TYPE container_cpu_usage_seconds_total counter');
    lines.push(`container_cpu_usage_seconds_total{${c}} ${this.cpuSecondsTotal().toFixed(6)}`);
    lines.push('# HELP container_memory_working_set_bytes Current working set in bytes.');
    lines.push('# TYPE container_memory_working_set_bytes gauge');
    lines.push(`container_memory_working_set_bytes{${c}} ${this.memoryBytes()}`);
    lines.push('# HELP container_memory_usage_bytes Current memory usage in bytes, including all memory regardless of when it was accessed.');
    lines.push('# TYPE container_memory_usage_bytes gauge');
    lines.push(`container_memory_usage_bytes{${c}} ${Math.round(this.memoryBytes() * 1.2)}`);
    lines.push('# HELP container_memory_rss Size of RSS in bytes.');
    lines.push('# TYPE container_memory_rss gauge');
    lines.push(`container_memory_rss{${c}} ${Math.round(this.memoryBytes() * 0.9)}`);
    lines.push('# HELP container_network_receive_bytes_total Cumulative count of bytes received.');
    lines.push('# TYPE container_network_receive_bytes_total counter');
    lines.push(`container_network_receive_bytes_total{interface="eth0",${p}} ${this.rxBytes}`);
    lines.push('# HELP container_network_transmit_bytes_total Cumulative count of bytes transmitted.');
    lines.push('# TYPE container_network_transmit_bytes_total counter');
    lines.push(`container_network_transmit_bytes_total{interface="eth0",${p}} ${this.txBytes}`);
    lines.push('# HELP kube_pod_container_status_restarts_total The number of container restarts per container.');
    lines.push('# TYPE kube_pod_container_status_restarts_total counter');
    lines.push(`kube_pod_container_status_restarts_total{${c}} ${this.opts.restarts()}`);
    lines.push('# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.');
    lines.push('# TYPE process_start_time_seconds gauge');
    lines.push(`process_start_time_seconds ${Math.floor(this.startedAt / 1000)}`);
    return `${lines.join('\n')}\n`;
  }

  /** Graceful stop: no new connections, in-flight requests finish, forced after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    const closes = this.servers.map(s => new Promise<void>(resolve => s.close(() => resolve())));
    for (const s of this.servers) s.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const idle = setInterval(() => {
      for (const s of this.servers) s.closeIdleConnections();
    }, 100);
    await Promise.race([
      Promise.all(closes),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, Math.max(0, graceMs));
      }),
    ]);
    clearInterval(idle);
    if (timer) clearTimeout(timer);
    this.kill();
  }

  /** Immediate stop: all connections cut. */
  kill() {
    for (const s of this.servers) {
      s.close();
      s.closeAllConnections();
    }
    this.servers.length = 0;
  }
}
