import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { AccessService } from '@cellport/plugin-access-node';
import {
  AgentRegistration,
  BuildStep,
  BuildTask,
} from '@cellport/plugin-builds-common';
import { BuildsStore, StoredBuild } from '../database/BuildsStore';
import { AgentDirectory, ReceivedReport } from './AgentDirectory';
import { BuildConfigService } from './BuildConfigService';
import { PushTokens } from './PushTokens';
import { rendezvousOrder } from './rendezvous';

/**
 * Options of {@link BuildDispatcher}.
 *
 * @public
 */
export type BuildDispatcherOptions = {
  store: BuildsStore;
  configs: BuildConfigService;
  directory: AgentDirectory;
  pushTokens: PushTokens;
  access: AccessService;
  auth: AuthService;
  logger: LoggerService;
  /** Where agents push: `host[:port]` and whether over plain HTTP. */
  registry: { host: string; insecure: boolean };
  /** Attempts per build (1 + retries after an agent died); default 2. */
  maxAttempts?: number;
  /** A build running longer fails; default 60 minutes. */
  maxBuildMs?: number;
  /** Tick interval when nothing wakes it; default 1 s. */
  intervalMs?: number;
};

const ref = (name: string) => ({ kind: 'build-config' as const, name });

/**
 * Drives builds: hands queued builds to agents (rendezvous hashing of the config over the live
 * agents, the next one when the first is full), consumes the agents' reports (logs, steps,
 * commit, push token requests, results), fails the builds of agents whose lease expired and
 * retries them once on the next agent, and ends cancelled or lost builds. Every change is a
 * conditional update, so several backend replicas can run it side by side.
 *
 * @public
 */
export class BuildDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly maxAttempts: number;
  private readonly maxBuildMs: number;

  constructor(private readonly o: BuildDispatcherOptions) {
    this.maxAttempts = o.maxAttempts ?? 2;
    this.maxBuildMs = o.maxBuildMs ?? 60 * 60_000;
  }

  async start(): Promise<void> {
    // Never hold the backend's start-up on etcd: the watch is set up in the background (the etcd
    // client retries until etcd answers); meanwhile the interval tick below keeps dispatching, and
    // builds stay queued with their reason while no agent can be reached.
    this.o.directory.watch(() => this.wake()).catch(error =>
      this.o.logger.warn('Build agents are not watched (etcd unreachable); polling instead', {
        error: String(error),
      }),
    );
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(async () => {
        await this.tick();
        loop();
      }, this.o.intervalMs ?? 1000);
    };
    loop();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.o.directory.close();
  }

  /** Runs a tick soon (coalesced). */
  wake(): void {
    if (this.stopped) return;
    setImmediate(() => void this.tick());
  }

  /** One pass: reports first (they may end builds), then dead agents, then queued builds. */
  async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.consumeReports();
        const agents = await this.o.directory.liveAgents();
        await this.reconcile(agents);
        await this.dispatch(agents);
      } while (this.again && !this.stopped);
    } catch (e) {
      this.o.logger.warn('Build dispatch failed; retrying', {
        error: (e as Error).message,
      });
    } finally {
      this.running = false;
    }
  }

  // --- dispatch ---------------------------------------------------------------------------

  private async dispatch(agents: AgentRegistration[]) {
    const queued = await this.o.store.listBuildsInStates(['queued']);
    if (!queued.length || !agents.length) return;
    const load = await this.o.store.runningPerAgent();
    for (const build of queued) {
      const tried = new Set(build.attempts.map(a => a.agent));
      const order = rendezvousOrder(build.config, agents);
      // a retry goes to the next agent; the first choice only when it is the only one left
      const candidates = [
        ...order.filter(a => !tried.has(a.host)),
        ...order.filter(a => tried.has(a.host)),
      ];
      const agent = candidates.find(
        a => (load.get(a.host) ?? 0) < Math.max(1, a.capacity),
      );
      if (!agent) continue;
      if (await this.assign(build, agent.host)) {
        load.set(agent.host, (load.get(agent.host) ?? 0) + 1);
      }
    }
  }

  private async assign(build: StoredBuild, host: string): Promise<boolean> {
    const config = await this.o.store.getConfig(build.config);
    if (!config) {
      await this.o.store.transition(
        build.id,
        { state: 'queued' },
        {
          state: 'failed',
          reason: 'its build config was deleted',
          finishedAt: new Date(),
        },
      );
      return false;
    }
    const attempt = build.attempt + 1;
    const now = new Date();
    const won = await this.o.store.transition(
      build.id,
      { state: 'queued', attempt: build.attempt },
      {
        state: 'running',
        agent: host,
        attempt,
        attempts: [
          ...build.attempts,
          { attempt, agent: host, startedAt: now.toISOString() },
        ],
        steps: build.steps.map(s => ({
          name: s.name,
          state: 'pending' as const,
        })),
        failedStep: null,
        startedAt: build.startedAt ? undefined : now,
        dispatchedAt: now,
      },
    );
    if (!won) return false;
    const task: BuildTask = {
      buildId: build.id,
      attempt,
      config: config.name,
      git: {
        url: config.repositoryUrl,
        branch: build.branch,
        commit: build.commit,
      },
      context: config.context,
      dockerfile: config.dockerfile,
      buildArgs: this.o.configs.decryptedArgs(config),
      cacheMountPath: config.cacheMountPath,
      noCache: build.noCache,
      image: {
        registry: this.o.registry.host,
        insecure: this.o.registry.insecure,
        repository: config.imageRepository,
        tag: build.tag,
      },
    };
    try {
      await this.o.directory.putTask(host, task);
    } catch (e) {
      // back to the queue, as if this attempt never happened
      await this.o.store.transition(
        build.id,
        { state: 'running', attempt },
        {
          state: 'queued',
          agent: null,
          attempt: build.attempt,
          attempts: build.attempts,
          dispatchedAt: null,
        },
      );
      throw e;
    }
    this.o.logger.info('Build dispatched', {
      config: build.config,
      build: build.number,
      agent: host,
      attempt,
    });
    await this.activity(build.config, 'build-started', {
      build: build.number,
      agent: host,
      attempt,
    });
    return true;
  }

  // --- dead agents, lost tasks, time limits --------------------------------------------------

  private async reconcile(agents: AgentRegistration[]) {
    const live = new Set(agents.map(a => a.host));
    const running = await this.o.store.listBuildsInStates(['running']);
    for (const build of running) {
      const age =
        Date.now() - Date.parse(build.dispatchedAt ?? build.createdAt);
      if (!live.has(build.agent!)) {
        const step =
          build.steps.find(s => s.state === 'running')?.name ?? 'clone';
        await this.endAttempt(
          build,
          `build agent ${build.agent} stopped responding (its etcd lease expired) during the ${step} step`,
          true,
        );
      } else if (age > this.maxBuildMs) {
        await this.o.directory.deleteTask(build.agent!, build.id);
        await this.endAttempt(
          build,
          `timed out after ${Math.round(this.maxBuildMs / 60_000)} minutes`,
          false,
        );
      } else if (
        age > 15_000 &&
        !(await this.o.directory.taskExists(build.agent!, build.id))
      ) {
        // the task key is gone and no result came: a cancel the agent could not report, or lost
        await this.endAttempt(
          build,
          build.cancelRequested
            ? 'cancelled'
            : `the task disappeared from agent ${build.agent}`,
          !build.cancelRequested,
          build.cancelRequested ? 'cancelled' : undefined,
        );
      }
    }
  }

  /** Ends the current attempt: retried on the next agent when allowed, else failed. */
  private async endAttempt(
    build: StoredBuild,
    reason: string,
    retryable: boolean,
    endState: 'failed' | 'cancelled' = 'failed',
  ) {
    const now = new Date();
    const attempts = build.attempts.map(a =>
      a.attempt === build.attempt
        ? { ...a, endedAt: now.toISOString(), reason }
        : a,
    );
    const step = build.steps.find(s => s.state === 'running')?.name;
    const retry =
      retryable && !build.cancelRequested && build.attempt < this.maxAttempts;
    const won = await this.o.store.transition(
      build.id,
      { state: 'running', attempt: build.attempt },
      retry
        ? { state: 'queued', agent: null, attempts, reason, dispatchedAt: null }
        : {
            state: endState,
            attempts,
            reason,
            failedStep: endState === 'failed' ? step ?? null : null,
            steps: build.steps.map(s =>
              s.state === 'running' ? { ...s, state: endState } : s,
            ),
            finishedAt: now,
          },
    );
    if (!won) return;
    await this.o.directory.deleteTask(build.agent!, build.id).catch(() => {});
    this.o.logger.warn(retry ? 'Build attempt lost; retrying' : 'Build ended', {
      config: build.config,
      build: build.number,
      agent: build.agent,
      reason,
    });
    await this.activity(
      build.config,
      retry ? 'build-retried' : `build-${endState}`,
      {
        build: build.number,
        agent: build.agent,
        reason,
      },
    );
    if (retry) this.wake();
  }

  // --- reports ------------------------------------------------------------------------------

  private async consumeReports() {
    for (;;) {
      const reports = await this.o.directory.readReports(500);
      if (!reports.length) return;
      for (const report of reports) {
        try {
          await this.apply(report);
        } catch (e) {
          this.o.logger.warn('Cannot apply a build agent report', {
            key: report.key,
            error: (e as Error).message,
          });
        }
      }
      await this.o.directory.deleteReports(reports.map(r => r.key));
      if (reports.length < 500) return;
    }
  }

  private async apply({ buildId, attempt, seq, report }: ReceivedReport) {
    const build = await this.o.store.getBuild(buildId);
    if (!build) return;
    if (report.type === 'log') {
      await this.o.store.appendLog(buildId, attempt, seq, report.lines);
      return;
    }
    // state changes only from the current attempt of a running build
    if (build.state !== 'running' || build.attempt !== attempt) return;
    const expected = { state: 'running' as const, attempt };
    switch (report.type) {
      case 'step': {
        const steps: BuildStep[] = build.steps.map(s =>
          s.name === report.step
            ? {
                ...s,
                state: report.state,
                startedAt: report.state === 'running' ? report.at : s.startedAt,
                durationMs: report.durationMs ?? s.durationMs,
              }
            : s,
        );
        await this.o.store.transition(buildId, expected, { steps });
        return;
      }
      case 'commit':
        await this.o.store.transition(buildId, expected, {
          commit: report.commit,
          tag: build.tag ?? report.tag,
        });
        return;
      case 'token-request': {
        const config = await this.o.store.getConfig(build.config);
        if (!config) return;
        const { token, expiresIn } = await this.o.pushTokens.mint(
          config.imageRepository,
          `${build.config}-${build.number}`,
        );
        await this.o.directory.putPushToken(buildId, attempt, token, expiresIn);
        return;
      }
      case 'result': {
        if (report.agentLost) {
          await this.endAttempt(
            build,
            report.reason ?? 'the agent lost the build',
            true,
          );
          return;
        }
        const now = new Date();
        const won = await this.o.store.transition(buildId, expected, {
          state: report.state,
          digest: report.digest,
          tag: report.tag ?? build.tag,
          failedStep: report.state === 'failed' ? report.step ?? null : null,
          reason: report.reason ?? null,
          attempts: build.attempts.map(a =>
            a.attempt === attempt
              ? { ...a, endedAt: report.at, reason: report.reason }
              : a,
          ),
          finishedAt: now,
        });
        if (!won) return;
        await this.o.directory
          .deleteTask(build.agent!, buildId)
          .catch(() => {});
        const config = await this.o.store.getConfig(build.config);
        const tag = report.tag ?? build.tag;
        this.o.logger.info('Build ended', {
          config: build.config,
          build: build.number,
          state: report.state,
          agent: build.agent,
        });
        await this.activity(build.config, `build-${report.state}`, {
          build: build.number,
          agent: build.agent,
          ...(report.state === 'succeeded' && config
            ? {
                image: `${this.o.registry.host}/${config.imageRepository}:${tag}`,
                tag,
                digest: report.digest,
              }
            : {}),
          ...(report.reason
            ? { reason: report.reason, step: report.step }
            : {}),
        });
        return;
      }
      default:
    }
  }

  private async activity(
    config: string,
    action: string,
    details: Record<string, unknown>,
  ) {
    try {
      const service = await this.o.auth.getOwnServiceCredentials();
      await this.o.access.recordActivity(service, ref(config), action, details);
    } catch (e) {
      this.o.logger.warn('Cannot record build activity', {
        config,
        action,
        error: (e as Error).message,
      });
    }
  }
}
