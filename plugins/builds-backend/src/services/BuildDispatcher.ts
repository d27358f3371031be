import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { AccessService } from '@cellport/plugin-access-node';
import { BuildsStore } from '../database/BuildsStore';
import { AgentDirectory } from './AgentDirectory';
import { BuildConfigService } from './BuildConfigService';
import { AgentReports } from './dispatch/AgentReports';
import { BuildActivity } from './dispatch/BuildActivity';
import { BuildAssignment } from './dispatch/BuildAssignment';
import { BuildAttempts } from './dispatch/BuildAttempts';
import { PushTokens } from './PushTokens';

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
  private readonly assignment: BuildAssignment;
  private readonly attempts: BuildAttempts;
  private readonly reports: AgentReports;

  constructor(private readonly o: BuildDispatcherOptions) {
    const activity = new BuildActivity(o);
    this.assignment = new BuildAssignment({ ...o, activity });
    this.attempts = new BuildAttempts({
      ...o,
      activity,
      maxAttempts: o.maxAttempts ?? 2,
      maxBuildMs: o.maxBuildMs ?? 60 * 60_000,
      wake: () => this.wake(),
    });
    this.reports = new AgentReports({
      ...o,
      activity,
      attempts: this.attempts,
    });
  }

  async start(): Promise<void> {
    // Never hold the backend's start-up on etcd: the watch is set up in the background (the etcd
    // client retries until etcd answers); meanwhile the interval tick below keeps dispatching, and
    // builds stay queued with their reason while no agent can be reached.
    this.o.directory
      .watch(() => this.wake())
      .catch(error =>
        this.o.logger.warn(
          'Build agents are not watched (etcd unreachable); polling instead',
          {
            error: String(error),
          },
        ),
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
        await this.reports.consume();
        const agents = await this.o.directory.liveAgents();
        await this.attempts.reconcile(agents);
        await this.assignment.dispatch(agents);
      } while (this.again && !this.stopped);
    } catch (e) {
      this.o.logger.warn('Build dispatch failed; retrying', {
        error: (e as Error).message,
      });
    } finally {
      this.running = false;
    }
  }
}
