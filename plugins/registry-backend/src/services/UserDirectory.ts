import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Whether a user still exists, for the token endpoint.
 *
 * @public
 */
export interface UserDirectory {
  /** True when the user entity is in the catalog. */
  exists(userRef: string): Promise<boolean>;
}

/**
 * A {@link UserDirectory} reading the catalog with the plugin's own credentials; answers are
 * cached for `cacheSeconds` (default 30), so a user removed from the catalog is refused at the
 * token endpoint within that time plus the catalog's own ingestion delay. A catalog that fails
 * is not cached and fails the request (503 rather than a grant on a guess).
 *
 * @public
 */
export class CatalogUserDirectory implements UserDirectory {
  private readonly cache = new Map<string, { exists: boolean; at: number }>();
  private readonly ttlMs: number;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      cacheSeconds?: number;
      now?: () => number;
    },
  ) {
    this.ttlMs = (deps.cacheSeconds ?? 30) * 1000;
  }

  async exists(userRef: string): Promise<boolean> {
    const now = (this.deps.now ?? Date.now)();
    const cached = this.cache.get(userRef);
    if (cached && now - cached.at < this.ttlMs) return cached.exists;
    const entity = await this.deps.catalog.getEntityByRef(userRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    const exists = entity?.kind.toLocaleLowerCase('en-US') === 'user';
    this.cache.set(userRef, { exists, at: now });
    if (this.cache.size > 10_000) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
    return exists;
  }
}
