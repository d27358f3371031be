import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  CreatedRobotAccount,
  parseRepositoryName,
  RobotAccount,
} from '@cellport/plugin-registry-common';
import {
  PullCredentials,
  PullCredentialsProvider,
  PullCredentialsRequest,
} from '@cellport/plugin-cells-node';
import {
  KnownPullRobot,
  MemoryPullRobotStore,
  PullRobotStore,
} from './PullRobotStore';

// the pull credentials contract lives in @cellport/plugin-cells-node (adopters implement it)
export type {
  PullCredentials,
  PullCredentialsProvider,
  PullCredentialsRequest,
} from '@cellport/plugin-cells-node';

/**
 * Options of {@link RegistryPullCredentials.create}.
 *
 * @public
 */
export interface RegistryPullCredentialsOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Holds the registry plugin's `registry.url` (and `registry.host`), read at each request. */
  config: RootConfigService;
  logger: LoggerService;
  /** Bound of each request to the registry plugin; default 10 s. */
  timeoutMs?: number;
  /**
   * Where the robots' secrets are kept; default in memory (one replica). The plugin passes a
   * {@link KnexPullRobotStore} so that replicas share them.
   */
  robots?: PullRobotStore;
}

/** Thrown for an answer of the registry plugin that is not a success. */
class RegistryAnswerError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type KnownRobot = KnownPullRobot;

/**
 * The robot account of an app's pull secret: `cells-<app>` in the repository's group.
 *
 * @public
 */
export function pullRobotName(app: string): string {
  return `cells-${app}`;
}

/**
 * A `.dockerconfigjson` with one registry's credentials.
 *
 * @public
 */
export function dockerConfigJson(
  registryHost: string,
  username: string,
  password: string,
): string {
  return JSON.stringify({
    auths: {
      [registryHost]: {
        username,
        password,
        auth: Buffer.from(`${username}:${password}`, 'utf8').toString('base64'),
      },
    },
  });
}

/**
 * Pull credentials from the Cellport registry plugin: a pull-only robot account `cells-<app>` of
 * the repository's image group, made through the registry API with the cells plugin's own
 * service credentials (for the acting user, whom the registry checks may pull). A robot's
 * secret is shown once, so it is remembered in the {@link PullRobotStore} (the plugin's
 * database, shared by the replicas): a robot of the same name whose secret the store does not
 * hold is deleted and made again.
 *
 * The registry host in the docker config is the registry plugin's `registry.host`, or the host
 * of its `registry.url`, read at each request.
 *
 * @public
 */
export class RegistryPullCredentials implements PullCredentialsProvider {
  static create(
    options: RegistryPullCredentialsOptions,
  ): RegistryPullCredentials {
    return new RegistryPullCredentials(options);
  }

  private readonly known: PullRobotStore;

  private constructor(
    private readonly options: RegistryPullCredentialsOptions,
  ) {
    this.known = options.robots ?? new MemoryPullRobotStore();
  }

  async forApp(
    request: PullCredentialsRequest,
  ): Promise<PullCredentials | undefined> {
    const { app, imageRepository, credentials } = request;
    const { logger } = this.options;
    const parsed = parseRepositoryName(imageRepository);
    if ('error' in parsed) {
      logger.warn(
        'No image pull secret: the image repository is not group/name',
        {
          app,
          imageRepository,
          error: parsed.error,
        },
      );
      return undefined;
    }
    const registryHost = this.registryHost();
    if (!registryHost) {
      logger.warn('No image pull secret: registry.url is not configured', {
        app,
        imageRepository,
      });
      return undefined;
    }
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
      subject?: string;
    };
    const onBehalfOf =
      principal.type === 'user' ? principal.userEntityRef : undefined;
    const actor = onBehalfOf ?? `service:${principal.subject ?? 'unknown'}`;
    try {
      const robot = await this.robotFor(parsed.group, parsed.name, app, {
        onBehalfOf,
        actor,
      });
      logger.info('Image pull secret ready', {
        app,
        imageRepository,
        robot: robot.username,
      });
      return {
        dockerConfigJson: dockerConfigJson(
          registryHost,
          robot.username,
          robot.secret,
        ),
      };
    } catch (e) {
      if (e instanceof NotAllowedError) {
        throw e;
      }
      logger.warn(
        'No image pull secret: the registry did not provide a robot',
        {
          app,
          imageRepository,
          error: String(e),
        },
      );
      return undefined;
    }
  }

  async revoke(request: { app: string; imageRepository: string }) {
    const parsed = parseRepositoryName(request.imageRepository);
    if ('error' in parsed) return;
    const name = pullRobotName(request.app);
    await this.known.delete(`${parsed.group}/${name}`);
    try {
      await this.call('DELETE', `/groups/${parsed.group}/robots/${name}`);
    } catch (e) {
      if (e instanceof RegistryAnswerError && e.status === 404) return;
      this.options.logger.warn(
        'The robot of an image pull secret was not deleted',
        {
          app: request.app,
          imageRepository: request.imageRepository,
          error: String(e),
        },
      );
    }
  }

  /** The known robot `cells-<app>` for `repository`, or a new one. */
  private async robotFor(
    group: string,
    repository: string,
    app: string,
    who: { onBehalfOf?: string; actor: string },
  ): Promise<{ username: string; secret: string }> {
    const name = pullRobotName(app);
    const key = `${group}/${name}`;
    const { items } = (await this.call('GET', `/groups/${group}/robots`)) as {
      items: RobotAccount[];
    };
    const existing = items.find(r => r.name === name);
    const known = await this.known.get(key);
    if (
      existing &&
      known &&
      known.createdAt === existing.createdAt &&
      known.repository === repository &&
      known.actor === who.actor &&
      isPullOnly(existing, repository)
    ) {
      return known;
    }
    if (existing) {
      // its secret is unknown here, or it is for another repository or user: make it again
      await this.call('DELETE', `/groups/${group}/robots/${name}`).catch(e => {
        if (!(e instanceof RegistryAnswerError && e.status === 404)) throw e;
      });
    }
    const body = {
      name,
      scopes: [{ repository, actions: ['pull'] }],
      ...(who.onBehalfOf ? { onBehalfOf: who.onBehalfOf } : {}),
    };
    let created: CreatedRobotAccount;
    try {
      created = (await this.call(
        'POST',
        `/groups/${group}/robots`,
        body,
      )) as CreatedRobotAccount;
    } catch (e) {
      if (e instanceof RegistryAnswerError && e.status === 403) {
        throw new NotAllowedError(e.message);
      }
      // another replica made it meanwhile: its secret is in the shared store
      const raced =
        e instanceof RegistryAnswerError && e.status === 409
          ? await this.known.get(key)
          : undefined;
      if (raced && raced.repository === repository && raced.actor === who.actor) {
        return raced;
      }
      throw e;
    }
    const robot: KnownRobot = {
      createdAt: created.createdAt,
      repository,
      actor: who.actor,
      username: created.username,
      secret: created.secret,
    };
    await this.known.set(key, robot);
    return robot;
  }

  /** The registry host of image references: `registry.host`, else the host of `registry.url`. */
  private registryHost(): string | undefined {
    const { config } = this.options;
    const host = config.getOptionalString('registry.host');
    if (host) return host;
    const url = config.getOptionalString('registry.url');
    if (!url) return undefined;
    try {
      return new URL(url).host || undefined;
    } catch {
      return undefined;
    }
  }

  /** One request to the registry plugin's API as the cells plugin. */
  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('registry');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'registry',
    });
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) {
      let message = `${method} ${path}: HTTP ${res.status}`;
      try {
        const answer = (await res.json()) as { error?: { message?: string } };
        if (answer.error?.message) message = answer.error.message;
      } catch {
        // not a Backstage error body
      }
      throw new RegistryAnswerError(res.status, message);
    }
    return res.status === 204 ? undefined : res.json();
  }
}

function isPullOnly(robot: RobotAccount, repository: string): boolean {
  return (
    robot.scopes.length === 1 &&
    robot.scopes[0].repository === repository &&
    robot.scopes[0].actions.length === 1 &&
    robot.scopes[0].actions[0] === 'pull'
  );
}
