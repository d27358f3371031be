import { LoggerService } from '@backstage/backend-plugin-api';
import { AgentRegistration } from '@cellport/plugin-builds-common';
import { BuildsStore, StoredBuild } from '../../database/BuildsStore';
import { AgentDirectory } from '../AgentDirectory';
import { BuildActivity } from './BuildActivity';

/**
 * How a running build's attempt ends without a result from its agent: the agent's lease expired
 * (retried on the next agent while attempts are left), the time limit passed, or the task key
 * vanished (a cancel the agent could not report, or a lost task).
 */
export class BuildAttempts {
  constructor(
    private readonly deps: {
      store: BuildsStore;
      directory: AgentDirectory;
      logger: LoggerService;
      activity: BuildActivity;
      /** Attempts per build (1 + retries after an agent died). */
      maxAttempts: number;
      /** A build running longer fails. */
      maxBuildMs: number;
      /** Asks for a dispatch pass soon (a retried build is queued again). */
      wake: () => void;
    },
  ) {}

  /** Ends the running builds of dead agents, of lost tasks and over the time limit. */
  async reconcile(agents: AgentRegistration[]): Promise<void> {
    const live = new Set(agents.map(a => a.host));
    const running = await this.deps.store.listBuildsInStates(['running']);
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
      } else if (age > this.deps.maxBuildMs) {
        await this.deps.directory.deleteTask(build.agent!, build.id);
        await this.endAttempt(
          build,
          `timed out after ${Math.round(
            this.deps.maxBuildMs / 60_000,
          )} minutes`,
          false,
        );
      } else if (
        age > 15_000 &&
        !(await this.deps.directory.taskExists(build.agent!, build.id))
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
  async endAttempt(
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
      retryable &&
      !build.cancelRequested &&
      build.attempt < this.deps.maxAttempts;
    const won = await this.deps.store.transition(
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
    await this.deps.directory
      .deleteTask(build.agent!, build.id)
      .catch(() => {});
    this.deps.logger.warn(
      retry ? 'Build attempt lost; retrying' : 'Build ended',
      {
        config: build.config,
        build: build.number,
        agent: build.agent,
        reason,
      },
    );
    await this.deps.activity.record(
      build.config,
      retry ? 'build-retried' : `build-${endState}`,
      {
        build: build.number,
        agent: build.agent,
        reason,
      },
    );
    if (retry) this.deps.wake();
  }
}
