import type { TokenAttemptStore } from '../database/stores/TokenAttemptStore';

/**
 * Options of {@link TokenAttemptLimiter}.
 *
 * @public
 */
export type TokenAttemptLimiterOptions = {
  /** Where failures and blocks are kept: the plugin's database, shared by every replica. */
  attempts: TokenAttemptStore;
  /** Failed attempts allowed per user name within `windowSeconds`; default 10. */
  maxFailures?: number;
  /**
   * Failed attempts allowed per client IP (keys starting `ip:`) within `windowSeconds`; default
   * 100 (many users may share an address: a NAT, a CI runner).
   */
  maxFailuresPerIp?: number;
  /** The window failures are counted in, and how long a blocked key waits; default 300 s. */
  windowSeconds?: number;
  /** The clock, for tests. */
  now?: () => number;
};

/**
 * Limits failed credential attempts at the token endpoint, per user name and per client IP.
 * After `maxFailures` failures of one user name (`maxFailuresPerIp` of one IP) within the window, every attempt with that key is
 * refused with 429 and `Retry-After` until the window has passed, even with the right secret
 * (a guessed secret must not be confirmable). A success does not clear the IP's count.
 *
 * Failures and blocks are kept **in the database** (`registry_token_failures`,
 * `registry_token_blocks`): every replica on it counts against the same limit. Requests racing
 * each other before the first of their failures is written may each get one attempt more.
 *
 * @public
 */
export class TokenAttemptLimiter {
  private readonly attempts: TokenAttemptStore;
  private readonly maxFailures: number;
  private readonly maxFailuresPerIp: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private prunedAt = 0;

  constructor(options: TokenAttemptLimiterOptions) {
    this.attempts = options.attempts;
    this.maxFailures = options.maxFailures ?? 10;
    this.maxFailuresPerIp = options.maxFailuresPerIp ?? 100;
    this.windowMs = (options.windowSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the most blocked of the keys may try again; `undefined` when none is blocked. */
  async retryAfter(keys: string[]): Promise<number | undefined> {
    const now = this.now();
    const until = await this.attempts.blockedUntil(keys, now);
    return until === undefined ? undefined : Math.ceil((until - now) / 1000);
  }

  /** Counts a failed attempt against each key; blocks the keys that reached their limit. */
  async fail(keys: string[]): Promise<void> {
    const now = this.now();
    const since = now - this.windowMs;
    for (const key of keys) {
      const failures = await this.attempts.recordFailure(key, now, since);
      const max = key.startsWith('ip:') ? this.maxFailuresPerIp : this.maxFailures;
      if (failures >= max) {
        await this.attempts.block(key, now + this.windowMs);
      }
    }
    // what no window counts any more goes, at most once a minute per replica
    if (now - this.prunedAt >= 60_000) {
      this.prunedAt = now;
      await this.attempts.prune(since, now);
    }
  }
}
