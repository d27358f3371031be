/**
 * Options of {@link TokenAttemptLimiter}.
 *
 * @public
 */
export type TokenAttemptLimiterOptions = {
  /** Failed attempts allowed per user name within `windowSeconds`; default 10. */
  maxFailures?: number;
  /**
   * Failed attempts allowed per client IP (keys starting `ip:`) within `windowSeconds`; default
   * 100 (many users may share an address: a NAT, a CI runner).
   */
  maxFailuresPerIp?: number;
  /** The window failures are counted in, and how long a blocked key waits; default 300 s. */
  windowSeconds?: number;
  /** Most keys remembered (oldest forgotten first); default 10,000. */
  maxKeys?: number;
  /** The clock, for tests. */
  now?: () => number;
};

type Entry = { failures: number[]; blockedUntil: number };

/**
 * Limits failed credential attempts at the token endpoint, per user name and per client IP.
 * After `maxFailures` failures of one user name (`maxFailuresPerIp` of one IP) within the window, every attempt with that key is
 * refused with 429 and `Retry-After` until the window has passed, even with the right secret
 * (a guessed secret must not be confirmable). A success does not clear the IP's count.
 *
 * State is kept **in memory, per replica**: with N replicas behind a load balancer a client gets
 * at most N times `maxFailures` attempts per window.
 *
 * @public
 */
export class TokenAttemptLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly maxFailuresPerIp: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: TokenAttemptLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.maxFailuresPerIp = options.maxFailuresPerIp ?? 100;
    this.windowMs = (options.windowSeconds ?? 300) * 1000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the most blocked of the keys may try again; `undefined` when none is blocked. */
  retryAfter(keys: string[]): number | undefined {
    const now = this.now();
    let until = 0;
    for (const key of keys) {
      until = Math.max(until, this.entries.get(key)?.blockedUntil ?? 0);
    }
    return until > now ? Math.ceil((until - now) / 1000) : undefined;
  }

  /** Counts a failed attempt against each key. */
  fail(keys: string[]): void {
    const now = this.now();
    for (const key of keys) {
      const entry = this.entries.get(key) ?? { failures: [], blockedUntil: 0 };
      entry.failures = entry.failures.filter(t => t > now - this.windowMs);
      entry.failures.push(now);
      const max = key.startsWith('ip:') ? this.maxFailuresPerIp : this.maxFailures;
      if (entry.failures.length >= max) {
        entry.blockedUntil = now + this.windowMs;
        entry.failures = [];
      }
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    while (this.entries.size > this.maxKeys) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
