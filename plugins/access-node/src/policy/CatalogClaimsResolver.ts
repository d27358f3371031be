import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeEntityRef } from '@cellport/plugin-access-common';

/**
 * Resolves who a user is for role checks: their User entity reference and every Group whose roles
 * apply to them.
 *
 * @public
 */
export interface ClaimsResolver {
  /**
   * The user's claims, lowercase: the user reference, the references they were issued at sign-in,
   * and the groups resolved from the catalog.
   */
  resolveClaims(
    userEntityRef: string,
    signInClaims?: string[],
  ): Promise<string[]>;
}

/**
 * Options of {@link CatalogClaimsResolver.create}.
 *
 * @public
 */
export type CatalogClaimsResolverOptions = {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** How long a user's groups are cached, in milliseconds (default 30 s). */
  cacheTtlMs?: number;
  /** At most this many users are cached (default 10 000; the oldest entries go first). */
  maxCacheEntries?: number;
  /** How many parent levels are followed (default 10). */
  maxDepth?: number;
  /** The clock, for tests. */
  now?: () => number;
};

type CacheEntry = { expiresAt: number; claims: Promise<string[]> };

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'relations',
];

/**
 * Resolves group membership through the catalog: the groups a User is `memberOf`, and every
 * ancestor of those groups (`childOf`, transitively). A role granted to a Group therefore applies
 * to its members and to the members of its sub-groups, like a GitLab group's members are members
 * of its subgroups.
 *
 * Results are cached per user for a short time (the catalog publishes no entity change events to
 * subscribe to, so a change reaches role checks within the cache TTL); concurrent lookups for the
 * same user share one catalog request. When the catalog cannot be reached, the sign-in claims are
 * used and nothing is cached.
 *
 * @public
 */
export class CatalogClaimsResolver implements ClaimsResolver {
  /** Creates a resolver reading the catalog with the plugin's own service credentials. */
  static create(options: CatalogClaimsResolverOptions): CatalogClaimsResolver {
    return new CatalogClaimsResolver(options);
  }

  private readonly cache = new Map<string, CacheEntry>();
  private readonly ttl: number;
  private readonly maxEntries: number;
  private readonly maxDepth: number;
  private readonly now: () => number;

  private constructor(private readonly options: CatalogClaimsResolverOptions) {
    this.ttl = options.cacheTtlMs ?? 30_000;
    this.maxEntries = options.maxCacheEntries ?? 10_000;
    this.maxDepth = options.maxDepth ?? 10;
    this.now = options.now ?? Date.now;
  }

  async resolveClaims(
    userEntityRef: string,
    signInClaims: string[] = [],
  ): Promise<string[]> {
    const user = normalizeEntityRef(userEntityRef);
    const fromCatalog = await this.cachedGroups(user);
    return [
      ...new Set([
        user,
        ...signInClaims.map(c => normalizeEntityRef(c)),
        ...fromCatalog,
      ]),
    ];
  }

  /** Forgets cached groups: of one user, or of everyone. */
  invalidate(userEntityRef?: string): void {
    if (userEntityRef) {
      this.cache.delete(normalizeEntityRef(userEntityRef));
    } else {
      this.cache.clear();
    }
  }

  private cachedGroups(user: string): Promise<string[]> {
    const now = this.now();
    const cached = this.cache.get(user);
    if (cached && cached.expiresAt > now) {
      return cached.claims;
    }
    const claims = this.lookupGroups(user).catch(error => {
      this.cache.delete(user);
      this.options.logger.warn(
        'Could not resolve group membership from the catalog; using sign-in claims only',
        { user, error: String(error) },
      );
      return [] as string[];
    });
    this.cache.delete(user);
    this.cache.set(user, { expiresAt: now + this.ttl, claims });
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return claims;
  }

  private async lookupGroups(user: string): Promise<string[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(user, {
      credentials,
    });
    if (!entity) {
      return [];
    }
    const groups = new Set<string>();
    let frontier = targetsOf(entity, RELATION_MEMBER_OF);
    for (let depth = 0; depth <= this.maxDepth && frontier.length; depth++) {
      const fresh = frontier.filter(ref => !groups.has(ref));
      fresh.forEach(ref => groups.add(ref));
      if (fresh.length === 0 || depth === this.maxDepth) {
        break;
      }
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: fresh, fields: ENTITY_FIELDS },
        { credentials },
      );
      frontier = items.flatMap(group =>
        group ? targetsOf(group, RELATION_CHILD_OF) : [],
      );
    }
    return [...groups];
  }
}

function targetsOf(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(
      r =>
        r.type === type &&
        r.targetRef.toLocaleLowerCase('en-US').startsWith('group:'),
    )
    .map(r => normalizeEntityRef(r.targetRef));
}
