import { LoggerService } from '@backstage/backend-plugin-api';
import { AgentRegistration, BuildTask } from '@cellport/plugin-builds-common';
import { BuildsStore, StoredBuild } from '../../database/BuildsStore';
import { AgentDirectory } from '../AgentDirectory';
import { BuildConfigService } from '../BuildConfigService';
import { rendezvousOrder } from '../rendezvous';
import { BuildActivity } from './BuildActivity';

/**
 * Assigns queued builds to agents: rendezvous hashing of the config over the live agents (the
 * next one when the first is full, a retry to an agent not tried yet), a conditional update that
 * one replica wins, then the task written to the agent's etcd key (undone when that fails).
 */
export class BuildAssignment {
  constructor(
    private readonly deps: {
      store: BuildsStore;
      configs: BuildConfigService;
      directory: AgentDirectory;
      logger: LoggerService;
      activity: BuildActivity;
      registry: { host: string; insecure: boolean };
    },
  ) {}

  /** Hands the queued builds to live agents with room, oldest first. */
  async dispatch(agents: AgentRegistration[]): Promise<void> {
    const queued = await this.deps.store.listBuildsInStates(['queued']);
    if (!queued.length || !agents.length) return;
    const load = await this.deps.store.runningPerAgent();
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
    const config = await this.deps.store.getConfig(build.config);
    if (!config) {
      await this.deps.store.transition(
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
    const won = await this.deps.store.transition(
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
      buildArgs: this.deps.configs.decryptedArgs(config),
      cacheMountPath: config.cacheMountPath,
      noCache: build.noCache,
      image: {
        registry: this.deps.registry.host,
        insecure: this.deps.registry.insecure,
        repository: config.imageRepository,
        tag: build.tag,
      },
    };
    try {
      await this.deps.directory.putTask(host, task);
    } catch (e) {
      // back to the queue, as if this attempt never happened
      await this.deps.store.transition(
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
    this.deps.logger.info('Build dispatched', {
      config: build.config,
      build: build.number,
      agent: host,
      attempt,
    });
    await this.deps.activity.record(build.config, 'build-started', {
      build: build.number,
      agent: host,
      attempt,
    });
    return true;
  }
}
