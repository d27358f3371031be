import { LoggerService } from '@backstage/backend-plugin-api';

/** A token's last use is written at most this often (per replica; the store skips fresher rows too). */
const WRITE_INTERVAL_MS = 60_000;
/** Tokens whose last write time is remembered; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;

/**
 * Records when personal access tokens were last used, off the token request path: a use is
 * queued (at most once a minute per token) and the queue is written in one statement every
 * `flushIntervalMs` (default 5 s). A failed write is logged and never fails a token request;
 * `lastUsedAt` is informational and may lag by the flush interval.
 *
 * @public
 */
export class TokenUseRecorder {
  private readonly written = new Map<string, number>();
  private pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private readonly flushIntervalMs: number;

  constructor(
    private readonly deps: {
      /** Writes the last use of these tokens (now). */
      touch: (ids: string[]) => Promise<void>;
      logger?: LoggerService;
      flushIntervalMs?: number;
      now?: () => number;
    },
  ) {
    this.flushIntervalMs = deps.flushIntervalMs ?? 5_000;
  }

  /** Queues a use of the token; returns at once. */
  record(id: string): void {
    const now = (this.deps.now ?? Date.now)();
    const last = this.written.get(id);
    if (last !== undefined && now - last < WRITE_INTERVAL_MS) {
      return;
    }
    this.written.delete(id);
    this.written.set(id, now);
    if (this.written.size > MAX_REMEMBERED) {
      this.written.delete(this.written.keys().next().value!);
    }
    this.pending.add(id);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushIntervalMs);
    this.timer.unref?.();
  }

  /** Writes the queued uses now (also at shutdown). */
  async flush(): Promise<void> {
    await this.flushing;
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending = new Set();
    this.flushing = this.deps.touch(ids).catch(error => {
      // written again at the next use
      ids.forEach(id => this.written.delete(id));
      this.deps.logger?.warn(
        'Could not record the last use of personal access tokens',
        { tokens: ids.length, error: String(error) },
      );
    });
    await this.flushing;
  }
}
