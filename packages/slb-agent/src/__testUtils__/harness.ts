/**
 * Real components for the agent tests: an etcd server, a TCP proxy in front of it that can cut the
 * agent off, agents as child processes (so they can be SIGKILLed), and app servers on loopback.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `what` after the timeout. */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    }
    await sleep(100);
  }
}

/** A free TCP port on `address`. */
export function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, address, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    return !/\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!child?.pid || !alive(child.pid)) return;
  child.kill(signal);
  await poll(`process ${child.pid} to exit`, () => !alive(child.pid), 20_000).catch(() =>
    child.kill('SIGKILL'),
  );
}

/** An etcd server of its own (real binary), restartable on the same data. */
export class LocalEtcd {
  private child?: ChildProcess;
  readonly endpoint: string;

  private constructor(
    private readonly dir: string,
    port: number,
    private readonly peerPort: number,
  ) {
    this.endpoint = `http://127.0.0.1:${port}`;
  }

  static async start(dir: string): Promise<LocalEtcd> {
    const etcd = new LocalEtcd(dir, await freePort(), await freePort());
    await etcd.start();
    return etcd;
  }

  async start(): Promise<void> {
    const log = fs.openSync(path.join(this.dir, 'etcd.log'), 'a');
    this.child = spawn(
      'etcd',
      [
        '--name', 'local', '--data-dir', path.join(this.dir, 'etcd-data'),
        '--logger=zap', '--log-outputs=stderr', '--log-level=warn',
        '--heartbeat-interval=10', '--election-timeout=100',
        '--listen-client-urls', this.endpoint, '--advertise-client-urls', this.endpoint,
        '--listen-peer-urls', `http://127.0.0.1:${this.peerPort}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${this.peerPort}`,
        '--initial-cluster', `local=http://127.0.0.1:${this.peerPort}`,
        '--initial-cluster-state', 'new',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    await poll('etcd health', async () => (await fetch(`${this.endpoint}/health`)).ok, 30_000);
  }

  async stop(): Promise<void> {
    await stopProcess(this.child);
  }
}

/** A TCP proxy whose connections can be cut (etcd unreachable for whoever goes through it). */
export class CuttableProxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  private cut = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    this.server = net.createServer(client => {
      if (this.cut) {
        client.destroy();
        return;
      }
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.pipe(upstream).pipe(client);
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    this.port = await new Promise<number>(resolve =>
      this.server!.listen(0, '127.0.0.1', () =>
        resolve((this.server!.address() as net.AddressInfo).port),
      ),
    );
  }

  /** Closes every connection and refuses new ones until {@link CuttableProxy.restore}. */
  cutOff(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.cutOff();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Where an agent listens. */
export interface AgentAddress {
  host: string;
  address: string;
  httpPort: number;
  adminPort: number;
  metricsPort: number;
  stateDir: string;
}

/** An slb agent process (bin/slb-agent from source). */
export class AgentProcess {
  child?: ChildProcess;

  constructor(
    readonly where: AgentAddress,
    private readonly group: string,
    private readonly etcd: string,
  ) {}

  static async create(options: {
    host: string;
    address: string;
    group: string;
    etcd: string;
    stateDir: string;
  }): Promise<AgentProcess> {
    return new AgentProcess(
      {
        host: options.host,
        address: options.address,
        httpPort: await freePort(options.address),
        adminPort: await freePort(options.address),
        metricsPort: await freePort(options.address),
        stateDir: options.stateDir,
      },
      options.group,
      options.etcd,
    );
  }

  async start(): Promise<void> {
    const w = this.where;
    fs.mkdirSync(w.stateDir, { recursive: true });
    const log = fs.openSync(path.join(w.stateDir, 'agent.log'), 'a');
    this.child = spawn(
      process.execPath,
      [
        path.resolve(__dirname, '../../bin/slb-agent'),
        '--group', this.group, '--host', w.host, '--etcd', this.etcd,
        '--address', w.address, '--http-port', String(w.httpPort),
        '--admin-port', String(w.adminPort), '--metrics-port', String(w.metricsPort),
        '--state-dir', w.stateDir, '--workers', '1', '--reload-interval-ms', '300',
        '--lease-ttl', '5',
      ],
      {
        stdio: ['ignore', log, log],
        env: { ...process.env, SLB_AGENT_FROM_SOURCE: '1' },
      },
    );
    fs.closeSync(log);
    await poll(`agent ${w.host}`, () => this.status(), 90_000);
  }

  /** The agent's own status (its /status endpoint). */
  async status(): Promise<{ revision: number; reloads: number; errors: Record<string, string> } | undefined> {
    const res = await fetch(`http://${this.where.address}:${this.where.metricsPort}/status`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok ? res.json() : undefined;
  }

  async metrics(): Promise<string> {
    const res = await fetch(`http://${this.where.address}:${this.where.metricsPort}/metrics`);
    return res.text();
  }

  get url(): string {
    return `http://${this.where.address}:${this.where.httpPort}`;
  }

  /** Nginx's master PID (it outlives a killed agent). */
  nginxPid(): number | undefined {
    try {
      return Number(fs.readFileSync(path.join(this.where.stateDir, 'nginx.pid'), 'utf8').trim());
    } catch {
      return undefined;
    }
  }

  async kill(): Promise<void> {
    await stopProcess(this.child, 'SIGKILL');
  }

  /** Stops the agent (and with it Nginx). */
  async stop(): Promise<void> {
    await stopProcess(this.child);
    const pid = this.nginxPid();
    if (pid && alive(pid)) {
      process.kill(pid, 'SIGQUIT');
      await poll('nginx to quit', () => !alive(pid), 15_000).catch(() => process.kill(pid, 'SIGKILL'));
    }
  }
}

/** An app server on loopback answering 200 with `x-backend: <name>`. */
export async function startAppServer(address: string, port: number, name: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'x-backend': name, 'content-type': 'text/plain' });
    res.end(`${name}\n`);
  });
  await new Promise<void>(resolve => server.listen(port, address, () => resolve()));
  return {
    name,
    address: `${address}:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
