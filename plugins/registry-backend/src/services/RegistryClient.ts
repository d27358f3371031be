import { ServiceUnavailableError, NotFoundError } from '@backstage/errors';
import type { ImageTag, ImageTagPage } from '@cellport/plugin-registry-common';
import type { RegistryTokenIssuer } from './TokenIssuer';

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/**
 * Talks to the registry's HTTP API with tokens the backend mints for itself.
 *
 * @public
 */
export interface RegistryApi {
  /** One page of tags with digest, size and creation time. */
  listTags(
    repository: string,
    options: { limit: number; last?: string },
  ): Promise<ImageTagPage>;
  /** Deletes the manifest a tag points to; returns its digest. NotFoundError when no such tag. */
  deleteTag(repository: string, tag: string): Promise<string>;
  /**
   * Deletes every manifest of a repository, tagged or not: those its tags point to and
   * `knownDigests` (every manifest pushed to it), the manifests an index names, and the
   * repository's links to the blobs they reference; then checks that the registry serves none
   * of them by digest any more (ServiceUnavailableError when it still does).
   */
  deleteRepository(repository: string, knownDigests?: string[]): Promise<void>;
}

/**
 * {@link RegistryApi} over fetch.
 *
 * @public
 */
export class RegistryHttpClient implements RegistryApi {
  static create(deps: {
    baseUrl: string;
    issuer: RegistryTokenIssuer;
    timeoutMs?: number;
  }) {
    return new RegistryHttpClient(
      deps.baseUrl.replace(/\/+$/, ''),
      deps.issuer,
      deps.timeoutMs ?? 10_000,
    );
  }

  private constructor(
    private readonly baseUrl: string,
    private readonly issuer: RegistryTokenIssuer,
    private readonly timeoutMs: number,
  ) {}

  private async token(repository: string, actions: string[]) {
    const issued = await this.issuer.issue('cellport-backend', [
      { type: 'repository', name: repository, actions },
    ]);
    return issued.token;
  }

  private async fetch(
    path: string,
    init: RequestInit & { token: string },
  ): Promise<Response> {
    const { token, ...rest } = init;
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        ...rest,
        headers: {
          ...(rest.headers as Record<string, string>),
          authorization: `Bearer ${token}`,
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `the registry at ${this.baseUrl} is unreachable: ${(e as Error).message}`,
      );
    }
  }

  private async failed(res: Response, what: string): Promise<never> {
    const text = await res.text().catch(() => '');
    if (res.status === 404) {
      throw new NotFoundError(`${what}: not found in the registry`);
    }
    throw new ServiceUnavailableError(
      `${what}: the registry answered ${res.status} ${text.slice(0, 200)}`,
    );
  }

  async listTags(
    repository: string,
    options: { limit: number; last?: string },
  ): Promise<ImageTagPage> {
    const token = await this.token(repository, ['pull']);
    const qs = new URLSearchParams({ n: String(options.limit) });
    if (options.last) {
      qs.set('last', options.last);
    }
    const res = await this.fetch(`/v2/${repository}/tags/list?${qs}`, {
      token,
    });
    if (res.status === 404) {
      return { items: [] }; // nothing pushed yet
    }
    if (!res.ok) {
      await this.failed(res, `listing tags of ${repository}`);
    }
    const body = (await res.json()) as { tags: string[] | null };
    // distribution 2.8 ignores `n`/`last` on tags/list and answers every tag: page here too
    let tags = [...(body.tags ?? [])].sort();
    if (options.last) {
      tags = tags.filter(t => t > options.last!);
    }
    const registryHasNext = /rel="next"/.test(res.headers.get('link') ?? '');
    const page = tags.slice(0, options.limit);
    const hasNext = registryHasNext || tags.length > options.limit;
    const items = await mapLimit(page, 8, tag =>
      this.describeTag(repository, tag, token),
    );
    return {
      items: items.filter((t): t is ImageTag => !!t),
      ...(hasNext && page.length ? { next: page[page.length - 1] } : {}),
    };
  }

  private async describeTag(
    repository: string,
    tag: string,
    token: string,
  ): Promise<ImageTag | undefined> {
    const res = await this.fetch(`/v2/${repository}/manifests/${tag}`, {
      token,
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) {
      return undefined; // deleted meanwhile
    }
    if (!res.ok) {
      await this.failed(res, `reading ${repository}:${tag}`);
    }
    const text = await res.text();
    const digest = res.headers.get('docker-content-digest') ?? '';
    const mediaType =
      res.headers.get('content-type')?.split(';')[0] ?? 'unknown';
    let size = Buffer.byteLength(text);
    let created: string | undefined;
    try {
      const manifest = JSON.parse(text);
      if (manifest.config) {
        size += Number(manifest.config.size ?? 0);
        for (const layer of manifest.layers ?? []) {
          size += Number(layer.size ?? 0);
        }
        const cfg = await this.fetch(
          `/v2/${repository}/blobs/${manifest.config.digest}`,
          { token },
        );
        if (cfg.ok) {
          const config = await cfg.json().catch(() => ({}));
          if (typeof config.created === 'string') {
            created = config.created;
          }
        }
      } else if (Array.isArray(manifest.manifests)) {
        for (const m of manifest.manifests) {
          size += Number(m.size ?? 0);
        }
      }
    } catch {
      // not JSON: report the manifest size only
    }
    return { tag, digest, mediaType, size, ...(created ? { created } : {}) };
  }

  private async resolveDigest(repository: string, tag: string, token: string) {
    const res = await this.fetch(`/v2/${repository}/manifests/${tag}`, {
      method: 'HEAD',
      token,
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) {
      throw new NotFoundError(`tag '${tag}' not found in ${repository}`);
    }
    if (!res.ok) {
      await this.failed(res, `resolving ${repository}:${tag}`);
    }
    const digest = res.headers.get('docker-content-digest');
    if (!digest) {
      throw new ServiceUnavailableError(
        `the registry did not return a digest for ${repository}:${tag}`,
      );
    }
    return digest;
  }

  async deleteTag(repository: string, tag: string): Promise<string> {
    const token = await this.token(repository, ['pull', 'delete']);
    const digest = await this.resolveDigest(repository, tag, token);
    const res = await this.fetch(`/v2/${repository}/manifests/${digest}`, {
      method: 'DELETE',
      token,
    });
    if (res.status === 405) {
      throw new ServiceUnavailableError(
        'the registry does not allow deletions: set storage.delete.enabled: true',
      );
    }
    if (!res.ok && res.status !== 404) {
      await this.failed(res, `deleting ${repository}:${tag}`);
    }
    return digest;
  }

  async deleteRepository(
    repository: string,
    knownDigests: string[] = [],
  ): Promise<void> {
    const token = () => this.token(repository, ['pull', 'delete']);
    const queue = [
      ...knownDigests,
      ...(await this.taggedDigests(repository, await token())),
    ];
    const manifests = new Set<string>();
    const blobs = new Set<string>();
    while (queue.length) {
      const digest = queue.shift()!;
      if (manifests.has(digest)) continue;
      const res = await this.fetch(`/v2/${repository}/manifests/${digest}`, {
        token: await token(),
        headers: { accept: MANIFEST_ACCEPT },
      });
      if (res.status === 404) {
        await res.body?.cancel();
        continue; // already gone
      }
      if (!res.ok) {
        await this.failed(res, `reading ${repository}@${digest}`);
      }
      manifests.add(digest);
      const refs = referencesOf(await res.text());
      refs.blobs.forEach(b => blobs.add(b));
      queue.push(...refs.manifests);
    }
    for (const [kind, digests] of [
      ['manifests', manifests],
      ['blobs', blobs],
    ] as const) {
      for (const digest of digests) {
        const res = await this.fetch(`/v2/${repository}/${kind}/${digest}`, {
          method: 'DELETE',
          token: await token(),
        });
        await res.body?.cancel();
        if (res.status === 405) {
          throw new ServiceUnavailableError(
            'the registry does not allow deletions: set storage.delete.enabled: true',
          );
        }
        if (!res.ok && res.status !== 404) {
          await this.failed(res, `deleting ${repository}@${digest}`);
        }
      }
    }
    for (const [kind, digests] of [
      ['manifests', manifests],
      ['blobs', blobs],
    ] as const) {
      for (const digest of digests) {
        const res = await this.fetch(`/v2/${repository}/${kind}/${digest}`, {
          method: 'HEAD',
          token: await token(),
          headers: { accept: MANIFEST_ACCEPT },
        });
        if (res.status !== 404) {
          throw new ServiceUnavailableError(
            `the registry still serves ${repository}@${digest} after deleting it (HTTP ${res.status})`,
          );
        }
      }
    }
  }

  /** The digests of every tag of a repository (none when it has no tags or does not exist). */
  private async taggedDigests(
    repository: string,
    token: string,
  ): Promise<string[]> {
    const res = await this.fetch(`/v2/${repository}/tags/list`, { token });
    if (res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    if (!res.ok) {
      await this.failed(res, `listing tags of ${repository}`);
    }
    const tags = ((await res.json()).tags ?? []) as string[];
    const digests = await mapLimit(tags, 8, tag =>
      this.resolveDigest(repository, tag, token).catch(e => {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }),
    );
    return digests.filter((d): d is string => !!d);
  }
}

/** The blobs (config, layers) and child manifests (of an index) a manifest references. */
function referencesOf(text: string): { blobs: string[]; manifests: string[] } {
  const digestsOf = (items: unknown) =>
    Array.isArray(items)
      ? items
          .map(i => (i as { digest?: unknown })?.digest)
          .filter((d): d is string => typeof d === 'string')
      : [];
  try {
    const manifest = JSON.parse(text);
    return {
      blobs: [
        ...digestsOf(manifest.config ? [manifest.config] : []),
        ...digestsOf(manifest.layers),
        ...digestsOf(manifest.fsLayers?.map((l: any) => ({ digest: l.blobSum }))),
      ],
      manifests: digestsOf(manifest.manifests),
    };
  } catch {
    return { blobs: [], manifests: [] };
  }
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}
