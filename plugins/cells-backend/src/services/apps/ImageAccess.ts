import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { parseRepositoryName } from '@cellport/plugin-registry-common';

/**
 * Checks that whoever creates a version may pull its image: images of the Cellport registry
 * need the pull right on their repository (Reporter, or a public repository), as the registry's
 * token endpoint decides. Images of other registries are not checked.
 *
 * @public
 */
export interface ImageAccessCheck {
  /** InputError when the caller may not pull `image` (or it does not exist: they look the same). */
  checkImage(image: string, credentials: BackstageCredentials): Promise<void>;
}

/**
 * The hosts that name the Cellport registry in image references: `registry.host` and the host of
 * `registry.url` (none when the registry plugin is not configured).
 *
 * @public
 */
export function cellportRegistryHosts(config: RootConfigService): string[] {
  const hosts = new Set<string>();
  const host = config.getOptionalString('registry.host');
  if (host) hosts.add(host.toLocaleLowerCase('en-US'));
  const url = config.getOptionalString('registry.url');
  if (url) {
    try {
      hosts.add(new URL(url).host.toLocaleLowerCase('en-US'));
    } catch {
      // not a URL: the registry plugin refuses it too
    }
  }
  return [...hosts];
}

/**
 * The registry host and repository of an image reference (`host[:port]/path[:tag][@digest]`);
 * `host` is undefined for a reference without one (Docker Hub).
 *
 * @public
 */
export function imageRepositoryOf(image: string): {
  host?: string;
  repository: string;
} {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.indexOf('/');
  const first = slash > 0 ? withoutDigest.slice(0, slash) : '';
  const hasHost =
    slash > 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = hasHost ? withoutDigest.slice(slash + 1) : withoutDigest;
  const colon = rest.lastIndexOf(':');
  const repository = colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
  return {
    ...(hasHost ? { host: first.toLocaleLowerCase('en-US') } : {}),
    repository,
  };
}

/**
 * {@link ImageAccessCheck} against the Cellport registry plugin, on behalf of the caller: the
 * repository's `allowed.pull` from `GET /repositories/:group/:name`.
 *
 * @public
 */
export class RegistryImageAccess implements ImageAccessCheck {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    config: RootConfigService;
    /** Bound of each request; default 10 s. */
    timeoutMs?: number;
  }) {
    return new RegistryImageAccess(options);
  }

  private constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      config: RootConfigService;
      timeoutMs?: number;
    },
  ) {}

  async checkImage(
    image: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { host, repository } = imageRepositoryOf(image);
    if (!host || !cellportRegistryHosts(this.options.config).includes(host)) {
      return; // another registry: its own credentials decide
    }
    if ((credentials.principal as { type?: string }).type !== 'user') {
      return; // plugins act for themselves
    }
    const parsed = parseRepositoryName(repository);
    const hidden = new InputError(
      `image '${image}': there is no image repository '${repository}' in the registry at ${host}, or you may not pull from it`,
    );
    if ('error' in parsed) {
      throw hidden;
    }
    const { discovery, auth } = this.options;
    let res: Response;
    try {
      const baseUrl = await discovery.getBaseUrl('registry');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'registry',
      });
      res = await fetch(
        `${baseUrl}/repositories/${encodeURIComponent(
          parsed.group,
        )}/${encodeURIComponent(parsed.name)}`,
        {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        },
      );
    } catch (e) {
      throw new ServiceUnavailableError(
        `could not check your pull right on '${repository}' in the registry (${
          (e as Error).message
        }); nothing was changed, try again`,
      );
    }
    if (res.status === 404 || res.status === 403) {
      throw hidden;
    }
    if (!res.ok) {
      throw new ServiceUnavailableError(
        `could not check your pull right on '${repository}' in the registry (HTTP ${res.status}); nothing was changed, try again`,
      );
    }
    const body = (await res.json()) as { allowed?: { pull?: boolean } };
    if (!body.allowed?.pull) {
      throw new InputError(
        `image '${image}': you may not pull from image repository '${repository}' (pulling needs the Reporter role)`,
      );
    }
  }
}
