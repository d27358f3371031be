import crypto from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { buildConfigPermissions } from '@cellport/plugin-access-common';
import { AccessService, parseInput } from '@cellport/plugin-access-node';
import {
  Build,
  BUILD_STEPS,
  BuildLogPage,
  BuildTrigger,
  resolveTag,
  startBuildRequestSchema,
  WebhookPlatform,
} from '@cellport/plugin-builds-common';
import {
  BuildsStore,
  StoredBuild,
  StoredBuildConfig,
} from '../database/BuildsStore';
import { BuildConfigService } from './BuildConfigService';
import { checkWebhookSignature, readPushEvent } from './webhooks';

const ref = (name: string) => ({ kind: 'build-config' as const, name });

/**
 * What a webhook call did.
 *
 * @public
 */
export type WebhookOutcome =
  | { status: 201; build: Build }
  | { status: 202; ignored: string };

/**
 * What {@link BuildService} works with.
 *
 * @public
 */
export type BuildServiceDeps = {
  store: BuildsStore;
  configs: BuildConfigService;
  access: AccessService;
  auth: AuthService;
  logger: LoggerService;
  /** Wakes the dispatcher (a build was queued or cancelled). */
  wake: () => void;
  /** Deletes the task key of a running build (the agent cancels it). */
  cancelTask: (agent: string, buildId: string) => Promise<void>;
};

/**
 * Builds: manual starts, starts from signed webhooks (replays ignored), cancellation, reading
 * builds and their logs. Dispatching to agents is the {@link BuildDispatcher}'s.
 *
 * @public
 */
export class BuildService {
  static create(deps: BuildServiceDeps) {
    return new BuildService(deps);
  }

  private constructor(private readonly deps: BuildServiceDeps) {}

  /** The API view of a build. */
  view(build: StoredBuild): Build {
    const {
      attempt: _a,
      cancelRequested: _c,
      dispatchedAt: _d,
      ...rest
    } = build;
    return rest;
  }

  async start(
    credentials: BackstageCredentials<any>,
    name: string,
    body: unknown,
  ): Promise<StoredBuild> {
    const input = parseInput(startBuildRequestSchema, body ?? {});
    const config = await this.deps.configs.get(
      credentials,
      name,
      buildConfigPermissions.buildStart,
    );
    const actor = credentials.principal.userEntityRef as string;
    return this.queue(config, {
      trigger: { type: 'manual', actor },
      branch: input.branch ?? config.branch,
      commit: input.commit,
      tag: input.tag,
      noCache: input.noCache,
      createdBy: actor,
      credentials,
    });
  }

  /**
   * A webhook call: 401 for a bad or missing signature (nothing recorded), 202 for a push to
   * another branch, another event or a replayed delivery (the reason in the activity feed),
   * 201 with the queued build otherwise.
   */
  async webhook(
    name: string,
    platform: WebhookPlatform,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
  ): Promise<WebhookOutcome> {
    const config = await this.deps.store.getConfig(name);
    // an unknown config answers like a bad signature: callers learn nothing about names
    const problem = config
      ? checkWebhookSignature(
          platform,
          headers,
          rawBody,
          this.deps.configs.webhookSecret(config),
        )
      : 'unknown build config or wrong secret';
    if (!config || problem) {
      throw new AuthenticationError(`webhook refused: ${problem}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new InputError('the webhook body is not JSON');
    }
    let push;
    try {
      push = readPushEvent(platform, headers, body);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    const service = await this.deps.auth.getOwnServiceCredentials();
    const ignore = async (
      reason: string,
      details: Record<string, unknown> = {},
    ) => {
      await this.deps.access.recordActivity(
        service,
        ref(name),
        'webhook-ignored',
        {
          platform,
          reason,
          ...details,
        },
      );
      return { status: 202 as const, ignored: reason };
    };
    if (push.kind !== 'push') {
      return ignore(`${push.event} events do not start builds`);
    }
    const branch = push.ref.replace(/^refs\/heads\//, '');
    if (!push.ref.startsWith('refs/heads/') || branch !== config.branch) {
      return ignore(
        `push to ${push.ref}, this config builds branch ${config.branch}`,
        { ref: push.ref, commit: push.after },
      );
    }
    if (/^0+$/.test(push.after)) {
      return ignore(`branch ${branch} was deleted`, { ref: push.ref });
    }
    if (!(await this.deps.store.recordDelivery(name, push.deliveryId))) {
      return ignore(`delivery ${push.deliveryId} was handled before (replay)`, {
        delivery: push.deliveryId,
      });
    }
    const build = await this.queue(config, {
      trigger: {
        type: 'webhook',
        platform,
        pusher: push.pusher,
        deliveryId: push.deliveryId,
      },
      branch,
      commit: push.after,
      noCache: false,
      createdBy: `${platform}:${push.pusher ?? 'unknown'}`,
      credentials: service,
    });
    return { status: 201, build: this.view(build) };
  }

  private async queue(
    config: StoredBuildConfig,
    input: {
      trigger: BuildTrigger;
      branch: string;
      commit?: string;
      tag?: string;
      noCache: boolean;
      createdBy: string;
      credentials: BackstageCredentials;
    },
  ): Promise<StoredBuild> {
    const build = await this.deps.store.createBuild({
      id: crypto.randomUUID(),
      config: config.name,
      trigger: input.trigger,
      branch: input.branch,
      commit: input.commit,
      tag: counter =>
        input.tag ??
        resolveTag(config.tagRule, {
          branch: input.branch,
          commit: input.commit,
          counter,
        }),
      noCache: input.noCache,
      createdBy: input.createdBy,
      steps: BUILD_STEPS.map(step => ({
        name: step,
        state: 'pending' as const,
      })),
    });
    await this.deps.access.recordActivity(
      input.credentials,
      ref(config.name),
      'build-queued',
      {
        build: build.number,
        trigger: input.trigger.type,
        branch: build.branch,
        ...(build.commit ? { commit: build.commit } : {}),
        ...(input.trigger.type === 'webhook'
          ? { platform: input.trigger.platform }
          : {}),
      },
    );
    this.deps.logger.info('Build queued', {
      config: config.name,
      build: build.number,
      trigger: input.trigger.type,
    });
    this.deps.wake();
    return build;
  }

  async list(credentials: BackstageCredentials, name: string, limit = 50) {
    await this.deps.configs.get(credentials, name);
    return this.deps.store.listBuilds(name, limit);
  }

  async get(
    credentials: BackstageCredentials,
    name: string,
    number: number,
    permission = buildConfigPermissions.read,
  ): Promise<StoredBuild> {
    await this.deps.configs.get(credentials, name, permission);
    const build = await this.deps.store.getBuildByNumber(name, number);
    if (!build) {
      throw new NotFoundError(`Build ${name} #${number} not found`);
    }
    return build;
  }

  async cancel(
    credentials: BackstageCredentials,
    name: string,
    number: number,
  ): Promise<StoredBuild> {
    const build = await this.get(
      credentials,
      name,
      number,
      buildConfigPermissions.buildCancel,
    );
    if (build.state === 'queued') {
      await this.deps.store.transition(
        build.id,
        { state: 'queued' },
        {
          state: 'cancelled',
          reason: 'cancelled before it started',
          finishedAt: new Date(),
        },
      );
    } else if (build.state === 'running') {
      await this.deps.store.transition(
        build.id,
        { state: 'running', attempt: build.attempt },
        { cancelRequested: true },
      );
      await this.deps.cancelTask(build.agent!, build.id);
    } else {
      throw new InputError(`Build ${name} #${number} already ${build.state}`);
    }
    await this.deps.access.recordActivity(
      credentials,
      ref(name),
      'build-cancel-requested',
      {
        build: number,
      },
    );
    this.deps.wake();
    return (await this.deps.store.getBuild(build.id))!;
  }

  async log(
    credentials: BackstageCredentials,
    name: string,
    number: number,
    after: string | undefined,
  ): Promise<BuildLogPage> {
    const build = await this.get(
      credentials,
      name,
      number,
      buildConfigPermissions.logsRead,
    );
    let cursor: { attempt: number; seq: number } | undefined;
    if (after) {
      const match = /^(\d+)\.(\d+)$/.exec(after);
      if (!match) {
        throw new InputError(
          'after must be a cursor returned by this endpoint',
        );
      }
      cursor = { attempt: Number(match[1]), seq: Number(match[2]) };
    }
    const chunks = await this.deps.store.readLog(build.id, cursor);
    const last = chunks[chunks.length - 1];
    const ended = !['queued', 'running'].includes(build.state);
    return {
      lines: chunks.flatMap(c =>
        c.lines.map(l => ({ ...l, attempt: c.attempt })),
      ),
      cursor: last ? `${last.attempt}.${last.seq}` : after ?? '',
      complete: ended && chunks.length < 200,
    };
  }
}
