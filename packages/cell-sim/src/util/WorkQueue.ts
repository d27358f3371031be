/**
 * A deduplicating work queue like client-go's: keys added while queued are merged,
 * processing happens asynchronously in batches on the shared event loop.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly handler: (key: string) => void | Promise<void>,
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  /** Queue a key for processing soon. */
  add(key: string): void {
    if (this.stopped) return;
    this.queued.add(key);
    this.schedule();
  }

  /** Queue a key after a delay (keeps the earliest pending delay). */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    if (this.delayed.has(key)) return;
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref?.();
    this.delayed.set(key, timer);
  }

  /** Stop processing and drop pending work. */
  stop(): void {
    this.stopped = true;
    this.queued.clear();
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private async drain() {
    this.scheduled = false;
    const keys = [...this.queued];
    this.queued.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        await this.handler(key);
      } catch (error) {
        this.onError(key, error);
      }
    }
  }
}
