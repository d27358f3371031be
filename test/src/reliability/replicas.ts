/**
 * Backend replicas as processes (replica.ts) on free ports, started, SIGKILLed and restarted by
 * the kill suite, and a client of the cells API that goes to any live replica.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ReplicaConfig } from './replica';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Replica {
  port: number;
  child?: ChildProcess;
  /** The current process serves. */
  ready?: boolean;
  /** PIDs this slot has had, the current one last. */
  pids: number[];
}

/** A set of replicas of one configuration. */
export class Replicas {
  private readonly replicas: Replica[] = [];
  /** PIDs that were killed. */
  readonly killed: number[] = [];

  constructor(
    private readonly config: Omit<ReplicaConfig, 'port'>,
    private readonly logDir: string,
  ) {}

  get size(): number {
    return this.replicas.length;
  }

  /** Starts `count` replicas; resolves once all serve. */
  async startAll(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      this.replicas.push({ port: await freePort(), pids: [] });
    }
    await Promise.all(this.replicas.map((_, i) => this.start(i)));
  }

  /** (Re)starts replica `i` on its port; resolves once it serves. */
  async start(i: number): Promise<void> {
    const replica = this.replicas[i];
    const logFile = path.join(this.logDir, `replica-${i}.log`);
    const log = fs.openSync(logFile, 'a');
    const tail = () => fs.readFileSync(logFile, 'utf8').slice(-1500);
    const child = spawn(
      process.execPath,
      // eslint-disable-next-line no-restricted-syntax -- test sources run from the repository, never bundled
      ['--require', require.resolve('@backstage/cli/config/nodeTransform.cjs'), path.join(__dirname, 'replica.ts')],
      {
        env: {
          ...process.env,
          CELLPORT_REPLICA_CONFIG: JSON.stringify({ ...this.config, port: replica.port }),
          CELLPORT_REPLICA_FAULTS: this.faultsFile(i),
        },
        stdio: ['ignore', 'pipe', log],
      },
    );
    replica.child = child;
    replica.ready = false;
    replica.pids.push(child.pid!);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`replica ${i} not ready within 180 s: ${tail()}`)), 180_000);
      let out = '';
      child.stdout!.on('data', d => {
        out += d;
        if (out.includes('ready')) {
          clearTimeout(timer);
          replica.ready = true;
          resolve();
        }
      });
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`replica ${i} exited (${code}) before it was ready: ${tail()}`));
      });
    });
    fs.closeSync(log);
  }

  /** SIGKILLs replica `i` and waits until it is gone. */
  async kill(i: number): Promise<void> {
    const child = this.replicas[i].child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise(r => child.once('exit', r));
    this.killed.push(child.pid!);
    this.replicas[i].ready = false;
    child.kill('SIGKILL');
    await gone;
    this.replicas[i].child = undefined;
  }

  /** Whether the process `pid` is one of the replicas that are running now. */
  isLive(pid: number): boolean {
    return this.replicas.some(r => r.child && r.child.pid === pid && r.child.exitCode === null && r.child.signalCode === null);
  }

  /** Indexes of the replicas that serve (started and ready). */
  runningIndexes(): number[] {
    return this.replicas
      .map((r, i) => (r.ready && r.child && r.child.exitCode === null && r.child.signalCode === null ? i : -1))
      .filter(i => i >= 0);
  }

  /** Base URLs of the running replicas' APIs (`/api`). */
  liveUrls(): string[] {
    return this.replicas
      .filter(r => r.child && r.child.exitCode === null && r.child.signalCode === null)
      .map(r => `http://127.0.0.1:${r.port}/api`);
  }

  /** The last lines of the logs of replicas that exited without being killed (for failures). */
  exitedLogs(): string {
    return this.replicas
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.child && (r.child.exitCode !== null || r.child.signalCode !== null))
      .map(({ i }) => `replica ${i}: ${fs.readFileSync(path.join(this.logDir, `replica-${i}.log`), 'utf8').slice(-3000)}`)
      .join('\n');
  }

  private faultsFile(i: number): string {
    return path.join(this.logDir, `replica-${i}.faults`);
  }

  /**
   * The unhandled rejections and uncaught exceptions the replicas recorded (with their stacks),
   * one entry per replica that had any; empty when none had.
   */
  faults(): string[] {
    return this.replicas
      .map((_, i) => this.faultsFile(i))
      .filter(f => fs.existsSync(f) && fs.statSync(f).size > 0)
      .map(f => `${path.basename(f)}:\n${fs.readFileSync(f, 'utf8').slice(0, 20_000)}`);
  }

  /** Stops every replica (SIGKILL: they keep nothing in memory). */
  async stopAll(): Promise<void> {
    await Promise.all(this.replicas.map((_, i) => this.kill(i)));
  }

  /**
   * A JSON call to a live replica's `plugin` API as `user`; a replica that dies under the call is
   * retried on another (the call must be idempotent or its failure harmless).
   */
  async call(user: string, method: string, p: string, body?: unknown, plugin = 'cells'): Promise<{ status: number; body: any }> {
    let last: unknown;
    for (let attempt = 0; attempt < 20; attempt++) {
      const urls = this.liveUrls();
      const url = urls[attempt % Math.max(1, urls.length)];
      if (!url) {
        await new Promise(r => setTimeout(r, 500));
        continue;
      }
      try {
        const res = await fetch(`${url}/${plugin}${p}`, {
          method,
          headers: {
            authorization: mockCredentials.user.header(user),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      } catch (e) {
        last = e;
        await new Promise(r => setTimeout(r, 250));
      }
    }
    throw new Error(`${method} ${p}: no live replica answered (${last})\n${this.exitedLogs()}`);
  }

  /** Like {@link Replicas.call}, but the status must be `status`; the body. */
  async expect(status: number, user: string, method: string, p: string, body?: unknown, plugin = 'cells'): Promise<any> {
    const res = await this.call(user, method, p, body, plugin);
    if (res.status !== status) {
      throw new Error(`${method} ${p}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }
}
