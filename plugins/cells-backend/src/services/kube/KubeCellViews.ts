import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CellClient } from './CellClients';
import { CellViewCache } from './CellViewCache';
import { KubeCellWorkloads } from './KubeCellWorkloads';
import { CellViews, CellWorkloadView } from './types';

/**
 * Options of {@link KubeCellViews.create}.
 *
 * @public
 */
export interface KubeCellViewsOptions {
  /** The clients of the cells, and the live reads when a cell refuses watching. */
  workloads: KubeCellWorkloads;
  logger: LoggerService;
  /** How long the first view of a cell waits for its first lists; default 4 s. */
  initialSyncTimeoutMs?: number;
  /** A cell nobody viewed for this long stops being watched; default 15 min. */
  idleStopMs?: number;
  /** Watch retry backoff bounds; default 1 s and 30 s. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** After a cell denied watching, how long before asking again; default 5 min. */
  deniedRetryMs?: number;
}

/**
 * {@link CellViews} from watch-backed caches, one {@link CellViewCache} per cell, started on the
 * first view of the cell and stopped when the cell leaves the configuration, its configuration
 * changes (a new cache is made) or nobody viewed it for a while. Every replica keeps its own:
 * the list and watch calls grow with cells, not with viewers.
 *
 * @public
 */
export class KubeCellViews implements CellViews {
  static create(options: KubeCellViewsOptions): KubeCellViews {
    return new KubeCellViews(options);
  }

  private readonly caches = new Map<
    string,
    { client: CellClient; cache: CellViewCache; lastUsed: number; id: number }
  >();
  private nextId = 0;
  private sweepTimer?: NodeJS.Timeout;

  private constructor(private readonly options: KubeCellViewsOptions) {}

  async viewApp(cell: string, app: string): Promise<CellWorkloadView> {
    const cache = await this.cacheOf(cell);
    return cache.view(app, async () => {
      const { workloads } = this.options;
      const [versions, pods] = await Promise.all([
        workloads.listVersionStatuses(cell, app),
        workloads.listPods(cell, app),
      ]);
      return { versions, pods };
    });
  }

  /**
   * The key of the cell's cached view of `app`, without reading the configuration (a view would):
   * a cell whose configuration changed keeps its old cache until the next view that is not served
   * from a snapshot, or the sweep (at most a minute) replaces it.
   */
  viewVersion(cell: string, app: string): string | undefined {
    const entry = this.caches.get(cell);
    if (!entry) return undefined;
    const version = entry.cache.version(app);
    if (version === undefined) return undefined;
    // a view served from this key counts as a use of the cache
    entry.lastUsed = Date.now();
    // a cache made anew (the cell's configuration changed) starts other keys
    return `${entry.id}:${version}`;
  }

  /** List and watch calls made by the caches so far, per cell (for figures and tests). */
  calls(): Record<string, { list: number; watch: number }> {
    return Object.fromEntries(
      [...this.caches].map(([cell, e]) => [cell, e.cache.calls]),
    );
  }

  /** Stops every watch (backend shutdown). */
  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    for (const { cache } of this.caches.values()) cache.stop();
    this.caches.clear();
  }

  private async cacheOf(cell: string): Promise<CellViewCache> {
    const client = await this.options.workloads.clients.get(cell);
    const entry = this.caches.get(cell);
    if (entry && entry.client === client) {
      entry.lastUsed = Date.now();
      return entry.cache;
    }
    // a new cell, or its configuration changed (the clients are new)
    entry?.cache.stop();
    const cache = new CellViewCache({
      client,
      logger: this.options.logger,
      initialSyncTimeoutMs: this.options.initialSyncTimeoutMs,
      minBackoffMs: this.options.minBackoffMs,
      maxBackoffMs: this.options.maxBackoffMs,
      deniedRetryMs: this.options.deniedRetryMs,
    });
    cache.start();
    this.caches.set(cell, {
      client,
      cache,
      lastUsed: Date.now(),
      id: ++this.nextId,
    });
    this.startSweep();
    return cache;
  }

  /** Stops the caches of cells gone from the configuration or not viewed for a while. */
  private startSweep() {
    if (this.sweepTimer) return;
    const idleStopMs = this.options.idleStopMs ?? 15 * 60_000;
    this.sweepTimer = setInterval(() => {
      this.sweep(idleStopMs).catch(e =>
        this.options.logger.warn('Cell view cache sweep failed', {
          error: String(e),
        }),
      );
    }, Math.min(60_000, idleStopMs));
    this.sweepTimer.unref?.();
  }

  private async sweep(idleStopMs: number) {
    for (const [cell, entry] of [...this.caches]) {
      let gone = Date.now() - entry.lastUsed > idleStopMs;
      if (!gone) {
        try {
          gone =
            (await this.options.workloads.clients.get(cell)) !== entry.client;
        } catch (e) {
          if (!(e instanceof NotFoundError)) throw e;
          gone = true;
        }
      }
      if (gone && this.caches.get(cell) === entry) {
        entry.cache.stop();
        this.caches.delete(cell);
      }
    }
  }
}
