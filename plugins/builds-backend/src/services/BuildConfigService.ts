import crypto from 'node:crypto';
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildConfigCreatePermission,
  buildConfigPermissions,
  imageRepositoryMatrix,
} from '@cellport/plugin-access-common';
import { AccessService, parseInput } from '@cellport/plugin-access-node';
import { PageRequest } from '@cellport/common';
import {
  BuildConfig,
  BuildWebhooks,
  NewWebhookSecret,
  createBuildConfigRequestSchema,
  updateBuildConfigRequestSchema,
  validateTagRule,
  WEBHOOK_PLATFORMS,
  WebhookPlatform,
} from '@cellport/plugin-builds-common';
import type { Request } from 'express';
import { z } from 'zod';
import {
  BuildsStore,
  StoredBuildArg,
  StoredBuildConfig,
} from '../database/BuildsStore';
import { SecretBox } from './SecretBox';

const ref = (name: string) => ({ kind: 'build-config' as const, name });

/** A new webhook secret: 32 random bytes, URL-safe (what GitLab, GitHub and Gitea accept). */
const newSecret = () => crypto.randomBytes(32).toString('base64url');

const HINTS: Record<WebhookPlatform, string> = {
  gitlab:
    'GitLab: Settings > Webhooks: this URL, the secret as "Secret token", trigger "Push events".',
  github:
    'GitHub: Settings > Webhooks > Add webhook: this URL, content type application/json, the secret, "Just the push event".',
  gitea:
    'Gitea: Settings > Webhooks > Add webhook > Gitea: this URL, POST, content type application/json, the secret, "Push events".',
};

/**
 * What {@link BuildConfigService} works with.
 *
 * @public
 */
export type BuildConfigServiceDeps = {
  store: BuildsStore;
  access: AccessService;
  permissions: PermissionsService;
  secrets: SecretBox;
  /** The plugin's external base URL, for webhook URLs. */
  externalBaseUrl: () => Promise<string>;
};

/**
 * Build configs: create (the creator is Owner and must be Developer or more on the target image
 * repository), read, list (members only), update, delete, and the webhook endpoints and secret.
 * The webhook secret is stored encrypted and is returned once: by {@link BuildConfigService.create}
 * and by {@link BuildConfigService.rotateWebhookSecret}; reads tell only when and by whom it was set.
 *
 * @public
 */
export class BuildConfigService {
  static create(deps: BuildConfigServiceDeps) {
    return new BuildConfigService(deps);
  }

  private constructor(private readonly deps: BuildConfigServiceDeps) {}

  /** The API view: secret values left out. */
  view(config: StoredBuildConfig): BuildConfig {
    return {
      name: config.name,
      repositoryUrl: config.repositoryUrl,
      branch: config.branch,
      context: config.context,
      dockerfile: config.dockerfile,
      buildArgs: config.buildArgs.map(a =>
        a.secret
          ? { name: a.name, secret: true }
          : { name: a.name, value: a.value, secret: false },
      ),
      imageRepository: config.imageRepository,
      tagRule: config.tagRule,
      cacheMountPath: config.cacheMountPath,
      createdBy: config.createdBy,
      createdAt: config.createdAt,
      updatedAt: config.updatedAt,
    };
  }

  /** Build args with secret values decrypted, for a build task only. */
  decryptedArgs(config: StoredBuildConfig) {
    return config.buildArgs.map(a => ({
      name: a.name,
      value: a.secret ? this.deps.secrets.decrypt(a.enc!) : a.value ?? '',
      secret: a.secret,
    }));
  }

  webhookSecret(config: StoredBuildConfig): string {
    return this.deps.secrets.decrypt(config.webhookSecretEnc);
  }

  /**
   * Creates a config; the answer is the only one that holds its webhook secret.
   */
  async create(
    credentials: BackstageCredentials<any>,
    body: unknown,
    request?: Request,
  ): Promise<{ config: StoredBuildConfig; webhookSecret: string }> {
    const input = parseInput(createBuildConfigRequestSchema, body);
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: buildConfigCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create build configs');
    }
    if (await this.deps.store.getConfig(input.name)) {
      throw new ConflictError(`Build config '${input.name}' already exists`);
    }
    await this.checkPush(credentials, input.imageRepository);
    const buildArgs = this.sealArgs(input.buildArgs, []);
    await this.deps.access.registerResource(credentials, ref(input.name), {
      request,
    });
    const webhookSecret = newSecret();
    try {
      const config = await this.deps.store.createConfig({
        ...input,
        buildArgs,
        webhookSecretEnc: this.deps.secrets.encrypt(webhookSecret),
        createdBy: credentials.principal.userEntityRef,
      });
      return { config, webhookSecret };
    } catch (e) {
      await this.deps.access.unregisterResource(credentials, ref(input.name));
      throw e;
    }
  }

  /**
   * The configs the caller is a member of (all for platform admins), by name, one page at a time:
   * the page is read from the configs they may see only.
   */
  async list(
    credentials: BackstageCredentials,
    page: PageRequest,
  ): Promise<StoredBuildConfig[]> {
    const filter = await this.deps.access.getListFilter(
      credentials,
      'build-config',
    );
    return this.deps.store.listConfigs(
      q => filter.apply(q, 'build_configs.name'),
      { after: page.after?.[0], limit: page.limit + 1 },
    );
  }

  /** A config the caller may perform `permission` on (404 when they cannot see it). */
  async get(
    credentials: BackstageCredentials,
    name: string,
    permission = buildConfigPermissions.read,
  ): Promise<StoredBuildConfig> {
    await this.deps.access.authorize(credentials, permission, ref(name));
    const config = await this.deps.store.getConfig(name);
    if (!config) {
      throw new InputError(
        `Build config '${name}' is registered but has no data`,
      );
    }
    return config;
  }

  async update(
    credentials: BackstageCredentials<any>,
    name: string,
    body: unknown,
  ): Promise<StoredBuildConfig> {
    const patch = parseInput(updateBuildConfigRequestSchema, body);
    const config = await this.get(
      credentials,
      name,
      buildConfigPermissions.update,
    );
    const branch = patch.branch ?? config.branch;
    const tagProblem = validateTagRule(patch.tagRule ?? config.tagRule, branch);
    if (tagProblem) {
      throw new InputError(tagProblem);
    }
    if (
      patch.imageRepository &&
      patch.imageRepository !== config.imageRepository
    ) {
      await this.checkPush(credentials, patch.imageRepository);
    }
    return this.deps.store.updateConfig(name, {
      ...patch,
      buildArgs: patch.buildArgs
        ? this.sealArgs(patch.buildArgs, config.buildArgs)
        : undefined,
    });
  }

  async delete(
    credentials: BackstageCredentials,
    name: string,
    request?: Request,
  ) {
    await this.get(credentials, name, buildConfigPermissions.delete);
    const active = (await this.deps.store.listBuilds(name, 20)).filter(b =>
      ['queued', 'running'].includes(b.state),
    );
    if (active.length) {
      throw new ConflictError(
        `Build config '${name}' has ${active.length} queued or running build(s): cancel them first`,
      );
    }
    await this.deps.store.deleteConfig(name);
    await this.deps.access.unregisterResource(credentials, ref(name), {
      request,
    });
  }

  /**
   * The webhook URLs and whether a secret is set, when, by whom and its last four characters
   * (Master and Owner: the `update` permission). Never the secret itself.
   */
  async webhooks(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<BuildWebhooks> {
    const config = await this.get(
      credentials,
      name,
      buildConfigPermissions.update,
    );
    const base = await this.deps.externalBaseUrl();
    return {
      secret: {
        set: true,
        setAt: config.webhookSecretSetAt,
        setBy: config.webhookSecretSetBy,
        lastFour: this.webhookSecret(config).slice(-4),
      },
      endpoints: WEBHOOK_PLATFORMS.map(platform => ({
        platform,
        url: `${base}/webhooks/${encodeURIComponent(name)}/${platform}`,
        hint: HINTS[platform],
      })),
    };
  }

  /**
   * Replaces the webhook secret with a new one (Master and Owner) and returns it: the only answer
   * that holds it. Deliveries signed with the old secret are refused from now on.
   */
  async rotateWebhookSecret(
    credentials: BackstageCredentials<any>,
    name: string,
  ): Promise<NewWebhookSecret> {
    await this.get(credentials, name, buildConfigPermissions.update);
    const secret = newSecret();
    const setBy = credentials.principal.userEntityRef;
    const config = await this.deps.store.setWebhookSecret(
      name,
      this.deps.secrets.encrypt(secret),
      setBy,
    );
    await this.deps.access.recordActivity(
      credentials,
      ref(name),
      'webhook-secret-rotated',
    );
    return { secret, setAt: config.webhookSecretSetAt, setBy };
  }

  /** The creator must be Developer or more on the target repository (the registry decides). */
  private async checkPush(
    credentials: BackstageCredentials,
    repository: string,
  ) {
    const [decision] = await this.deps.permissions.authorize(
      [
        {
          permission: imageRepositoryMatrix.push.permission,
          resourceRef: `image-repository:${repository}`,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not push to image repository '${repository}': it does not exist, or you are not Developer or more on it`,
      );
    }
  }

  /** Encrypts secret values; a secret without a value keeps the stored one. */
  private sealArgs(
    args: z.infer<typeof createBuildConfigRequestSchema>['buildArgs'],
    stored: StoredBuildArg[],
  ): StoredBuildArg[] {
    return args.map(arg => {
      if (!arg.secret) {
        return { name: arg.name, value: arg.value, secret: false };
      }
      if (arg.value !== undefined) {
        return {
          name: arg.name,
          secret: true,
          enc: this.deps.secrets.encrypt(arg.value),
        };
      }
      const kept = stored.find(s => s.name === arg.name && s.secret);
      if (!kept) {
        throw new InputError(`secret build arg ${arg.name} needs a value`);
      }
      return kept;
    });
  }
}
