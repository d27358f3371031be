import fs from 'node:fs';
import path from 'node:path';
import { Etcd3, Lease, Watcher } from 'etcd3';
import {
  AgentRegistration,
  BuildTask,
  buildsEtcdKeys,
  DEFAULT_BUILDS_ETCD_PREFIX,
} from '@cellport/plugin-builds-common';
import { AgentLostError, BuildRunner } from './BuildRunner';
import { writeContainersConfig } from './containersConfig';
import { directorySize } from './directorySize';
import { Reporter } from './Reporter';

/**
 * Options of {@link BuildAgent.start}.
 *
 * @public
 */
export type BuildAgentOptions = {
  /** The agent's name in etcd (`/builds/agents/{host}`). */
  host: string;
  /** etcd endpoints, e.g. `http://127.0.0.1:23790`. */
  etcdHosts: string[];
  /** The agent's own folder: containers storage (layers), dependency caches, work folders. */
  stateDir: string;
  /** Builds run at once; default 2. */
  capacity?: number;
  /** etcd key prefix; default `/builds`. */
  prefix?: string;
  /** Lease TTL in seconds: how soon the backend notices this agent died; default 5. */
  leaseTtlSeconds?: number;
  /** Registries `FROM` short names resolve against (`host:port`). */
  searchRegistries?: string[];
  /** Registries reached over plain HTTP. */
  insecureRegistries?: string[];
  /** Status lines; default stderr. */
  log?: (message: string) => void;
};

type Running = { task: BuildTask; abort: AbortController; done: Promise<void> };

/**
 * A build host agent: registers itself in etcd under a lease with its capacity, running builds and
 * cache size; watches its own task keys; runs up to `capacity` builds at once (more wait in
 * order); a deleted task key cancels its build. When its lease is lost (etcd unreachable for the
 * TTL) it stops every build, since the backend gives them to another agent, then registers anew.
 *
 * @public
 */
export class BuildAgent {
  static async start(options: BuildAgentOptions): Promise<BuildAgent> {
    const agent = new BuildAgent(options);
    await agent.init();
    return agent;
  }

  private readonly client: Etcd3;
  private readonly keys: ReturnType<typeof buildsEtcdKeys>;
  private readonly runner: BuildRunner;
  private readonly capacity: number;
  private readonly log: (message: string) => void;
  private readonly startedAt = new Date().toISOString();
  private lease: Lease | undefined;
  private watcher: Watcher | undefined;
  private readonly running = new Map<string, Running>();
  private readonly waiting: BuildTask[] = [];
  private readonly seen = new Set<string>();
  private cacheBytes = 0;
  private cacheTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(private readonly options: BuildAgentOptions) {
    this.client = new Etcd3({ hosts: options.etcdHosts });
    this.keys = buildsEtcdKeys(options.prefix ?? DEFAULT_BUILDS_ETCD_PREFIX);
    this.capacity = options.capacity ?? 2;
    this.log = options.log ?? (m => process.stderr.write(`${m}\n`));
    fs.mkdirSync(options.stateDir, { recursive: true });
    const containers = writeContainersConfig(
      options.stateDir,
      options.searchRegistries ?? [],
      options.insecureRegistries ?? [],
    );
    this.runner = new BuildRunner(
      options.stateDir,
      containers,
      (task, reporter, signal) => this.requestPushToken(task, reporter, signal),
    );
  }

  /** The host name the agent registered under. */
  get host(): string {
    return this.options.host;
  }

  private async init() {
    await this.measureCache();
    await this.register();
    const prefix = this.keys.tasks(this.host);
    const existing = await this.client.getAll().prefix(prefix).exec();
    // tasks already there belong to a previous run of this agent that died mid-build
    for (const kv of existing.kvs) {
      await this.failStale(kv.value.toString());
    }
    this.watcher = await this.client
      .watch()
      .prefix(prefix)
      .startRevision(String(Number(existing.header.revision) + 1))
      .create();
    this.watcher.on('put', kv => this.onTask(kv.value.toString()));
    this.watcher.on('delete', kv =>
      this.onCancel(kv.key.toString().slice(prefix.length)),
    );
    this.watcher.on('error', e => this.log(`task watch error: ${e.message}`));
    this.cacheTimer = setInterval(() => {
      void this.measureCache().then(() => this.publish());
    }, 30_000);
    this.cacheTimer.unref();
    this.log(
      `build agent ${this.host} ready: capacity ${this.capacity}, state ${this.options.stateDir}`,
    );
  }

  private async register() {
    const lease = this.client.lease(this.options.leaseTtlSeconds ?? 5);
    this.lease = lease;
    lease.on('lost', err => {
      if (this.stopped || this.lease !== lease) return;
      this.log(
        `etcd lease lost (${err.message}): stopping every build, registering again`,
      );
      for (const r of this.running.values()) {
        r.abort.abort(
          new AgentLostError(
            `build agent ${this.host} lost its etcd registration`,
          ),
        );
      }
      this.waiting.length = 0;
      void this.reRegister();
    });
    await lease.put(this.keys.agent(this.host)).value(this.registration());
  }

  private async reRegister() {
    for (let i = 0; !this.stopped; i++) {
      try {
        await this.register();
        this.log('registered again');
        return;
      } catch (e) {
        await new Promise(r => setTimeout(r, Math.min(5000, 500 * (i + 1))));
      }
    }
  }

  private registration(): string {
    const value: AgentRegistration = {
      host: this.host,
      capacity: this.capacity,
      running: this.running.size,
      cacheBytes: this.cacheBytes,
      startedAt: this.startedAt,
    };
    return JSON.stringify(value);
  }

  private async publish() {
    if (this.stopped || !this.lease) return;
    try {
      await this.lease
        .put(this.keys.agent(this.host))
        .value(this.registration());
    } catch (e) {
      this.log(`cannot publish the registration: ${(e as Error).message}`);
    }
  }

  private async measureCache() {
    this.cacheBytes = await directorySize([
      path.join(this.options.stateDir, 'containers', 'storage'),
      path.join(this.options.stateDir, 'cache'),
    ]);
  }

  private parse(value: string): BuildTask | undefined {
    try {
      const task = JSON.parse(value) as BuildTask;
      return task.buildId && task.attempt ? task : undefined;
    } catch {
      return undefined;
    }
  }

  private reporter(task: BuildTask) {
    return new Reporter(
      async (key, value) => {
        await this.client.put(key).value(value);
      },
      this.keys,
      task.buildId,
      task.attempt,
      task.buildArgs.filter(a => a.secret).map(a => a.value),
    );
  }

  /** Asks for the push token with a report and waits for the backend to put it (60 s at most). */
  private async requestPushToken(
    task: BuildTask,
    reporter: Reporter,
    signal: AbortSignal,
  ): Promise<string> {
    const key = this.keys.token(task.buildId, task.attempt);
    await reporter.report({
      type: 'token-request',
      at: new Date().toISOString(),
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (signal.aborted) throw new Error(String(signal.reason ?? 'cancelled'));
      const token = await this.client.get(key).string();
      if (token) return token;
      await new Promise(r => setTimeout(r, 150));
    }
    throw new Error(
      'the portal did not answer the push token request within 60 s',
    );
  }

  private async failStale(value: string) {
    const task = this.parse(value);
    if (!task) return;
    this.seen.add(`${task.buildId}/${task.attempt}`);
    const reporter = this.reporter(task);
    await reporter.report({
      type: 'result',
      state: 'failed',
      at: new Date().toISOString(),
      reason: `build agent ${this.host} restarted during the build`,
      agentLost: true,
    });
    await reporter.drain();
  }

  private onTask(value: string) {
    const task = this.parse(value);
    if (!task || this.stopped) return;
    const id = `${task.buildId}/${task.attempt}`;
    if (this.seen.has(id)) return; // one attempt runs once
    this.seen.add(id);
    this.waiting.push(task);
    this.pump();
  }

  private onCancel(buildId: string) {
    const running = this.running.get(buildId);
    if (running) {
      this.log(`cancelling build ${buildId}`);
      running.abort.abort('cancelled');
      return;
    }
    const index = this.waiting.findIndex(t => t.buildId === buildId);
    if (index >= 0) {
      const [task] = this.waiting.splice(index, 1);
      const reporter = this.reporter(task);
      void reporter
        .report({
          type: 'result',
          state: 'cancelled',
          at: new Date().toISOString(),
          step: 'clone',
          reason: 'cancelled before it started',
        })
        .then(() => reporter.drain())
        .catch(() => {});
    }
  }

  private pump() {
    while (this.running.size < this.capacity && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      const abort = new AbortController();
      this.log(
        `build ${task.buildId} attempt ${task.attempt} (${task.config}) starts`,
      );
      const done = this.runner
        .run(task, this.reporter(task), abort.signal)
        .catch(e => this.log(`build ${task.buildId}: ${(e as Error).message}`))
        .finally(() => {
          this.running.delete(task.buildId);
          this.log(`build ${task.buildId} attempt ${task.attempt} ended`);
          void this.measureCache().then(() => this.publish());
          this.pump();
        });
      this.running.set(task.buildId, { task, abort, done });
    }
    void this.publish();
  }

  /** Stops: running builds fail with the reason, the lease is revoked, etcd closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.cacheTimer) clearInterval(this.cacheTimer);
    await this.watcher?.cancel().catch(() => {});
    for (const r of this.running.values()) {
      r.abort.abort(new AgentLostError(`build agent ${this.host} was stopped`));
    }
    await Promise.all([...this.running.values()].map(r => r.done));
    await this.lease?.revoke().catch(() => {});
    this.client.close();
  }
}
