import { LoggerService } from '@backstage/backend-plugin-api';
import { BuildStep } from '@cellport/plugin-builds-common';
import { BuildsStore } from '../../database/BuildsStore';
import { AgentDirectory, ReceivedReport } from '../AgentDirectory';
import { PushTokens } from '../PushTokens';
import { BuildActivity } from './BuildActivity';
import { BuildAttempts } from './BuildAttempts';

/**
 * Consumes the agents' reports from etcd: log chunks, step changes, the commit built, push token
 * requests and results. A state change is applied only from the current attempt of a running
 * build, as a conditional update, so a report applied twice (by two replicas) changes nothing.
 */
export class AgentReports {
  constructor(
    private readonly deps: {
      store: BuildsStore;
      directory: AgentDirectory;
      pushTokens: PushTokens;
      logger: LoggerService;
      activity: BuildActivity;
      attempts: BuildAttempts;
      registry: { host: string; insecure: boolean };
    },
  ) {}

  /** Applies every pending report, in batches of 500, and deletes them. */
  async consume(): Promise<void> {
    for (;;) {
      const reports = await this.deps.directory.readReports(500);
      if (!reports.length) return;
      for (const report of reports) {
        try {
          await this.apply(report);
        } catch (e) {
          this.deps.logger.warn('Cannot apply a build agent report', {
            key: report.key,
            error: (e as Error).message,
          });
        }
      }
      await this.deps.directory.deleteReports(reports.map(r => r.key));
      if (reports.length < 500) return;
    }
  }

  private async apply({ buildId, attempt, seq, report }: ReceivedReport) {
    const build = await this.deps.store.getBuild(buildId);
    if (!build) return;
    if (report.type === 'log') {
      await this.deps.store.appendLog(buildId, attempt, seq, report.lines);
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
        await this.deps.store.transition(buildId, expected, { steps });
        return;
      }
      case 'commit':
        await this.deps.store.transition(buildId, expected, {
          commit: report.commit,
          tag: build.tag ?? report.tag,
        });
        return;
      case 'token-request': {
        const config = await this.deps.store.getConfig(build.config);
        if (!config) return;
        const { token, expiresIn } = await this.deps.pushTokens.mint(
          config.imageRepository,
          `${build.config}-${build.number}`,
        );
        await this.deps.directory.putPushToken(
          buildId,
          attempt,
          token,
          expiresIn,
        );
        return;
      }
      case 'result': {
        if (report.agentLost) {
          await this.deps.attempts.endAttempt(
            build,
            report.reason ?? 'the agent lost the build',
            true,
          );
          return;
        }
        const now = new Date();
        const won = await this.deps.store.transition(buildId, expected, {
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
        await this.deps.directory
          .deleteTask(build.agent!, buildId)
          .catch(() => {});
        const config = await this.deps.store.getConfig(build.config);
        const tag = report.tag ?? build.tag;
        this.deps.logger.info('Build ended', {
          config: build.config,
          build: build.number,
          state: report.state,
          agent: build.agent,
        });
        await this.deps.activity.record(build.config, `build-${report.state}`, {
          build: build.number,
          agent: build.agent,
          ...(report.state === 'succeeded' && config
            ? {
                image: `${this.deps.registry.host}/${config.imageRepository}:${tag}`,
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
}
