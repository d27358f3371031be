import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Options of a {@link ViewAccessCache}. */
export interface ViewAccessCacheOptions {
  /** How long an allowed decision is reused; 0 turns the cache off. */
  ttlMs: number;
  /** The most decisions kept; the oldest go first. */
  maxEntries: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/**
 * Remembers for a short while that a caller was allowed to view an app, so a burst of views
 * (many tabs, polling) costs one permission decision instead of one each. Only allowed decisions
 * are kept, never refusals: a grant shows at once, a revocation within `ttlMs`. Entries are per
 * principal (user entity ref, or service subject) and app; anonymous callers are never cached.
 */
export class ViewAccessCache {
  private readonly until = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: ViewAccessCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Resolves once `check` allowed the caller on `app` within the TTL, running it otherwise. */
  async allow(
    credentials: BackstageCredentials,
    app: string,
    check: () => Promise<unknown>,
  ): Promise<void> {
    const key = this.keyOf(credentials, app);
    if (key === undefined) {
      await check();
      return;
    }
    const until = this.until.get(key);
    if (until !== undefined && until > this.now()) return;
    this.until.delete(key);
    // throws when refused: nothing is kept
    await check();
    this.until.set(key, this.now() + this.options.ttlMs);
    while (this.until.size > this.options.maxEntries) {
      this.until.delete(this.until.keys().next().value!);
    }
  }

  /** Decisions kept (for tests). */
  get size(): number {
    return this.until.size;
  }

  private keyOf(
    credentials: BackstageCredentials,
    app: string,
  ): string | undefined {
    if (this.options.ttlMs <= 0) return undefined;
    const p = credentials.principal as {
      type?: string;
      userEntityRef?: string;
      subject?: string;
    };
    let who: string | undefined;
    if (p.type === 'user') who = p.userEntityRef;
    if (p.type === 'service') who = p.subject;
    return who ? `${p.type}\u0000${who}\u0000${app}` : undefined;
  }
}
