import {
  KubeConfig,
  KubernetesObject,
  KubernetesListObject,
  ListWatch,
  RequestContext,
  Watch,
} from '@kubernetes/client-node';
import { PooledKubeAuthentication } from '@cellport/plugin-cells-node';
import { kubeStatusCode } from './errors';

/**
 * Where a {@link ResourceWatch} stands: `starting` (first list not done), `synced` (list done and
 * the watch connected), `stale` (the watch broke; the objects are those of `staleSince`),
 * `denied` (the API server refuses the list or watch: 401/403).
 */
export type WatchPhase = 'starting' | 'synced' | 'stale' | 'denied';

/** Options of a {@link ResourceWatch}. */
export interface ResourceWatchOptions<T extends KubernetesObject> {
  /** The collection path of every namespace, e.g. `/api/v1/pods`. */
  path: string;
  labelSelector: string;
  /** The list call of the same path and selector (typed API of the cell's clients). */
  list: () => Promise<KubernetesListObject<T>>;
  auth: PooledKubeAuthentication;
  /** Called on every phase change (and on a new error). */
  onChange?: () => void;
  /** First retry delay after a failure; doubles up to maxBackoffMs. Default 1 s. */
  minBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** After a denial, how long before asking again; default 5 min. */
  deniedRetryMs?: number;
}

/** Drops `metadata.managedFields` (server-side apply bookkeeping the views never read) to keep the caches small. */
function withoutManagedFields<T>(object: T): T {
  const metadata = (object as { metadata?: { managedFields?: unknown } })
    ?.metadata;
  if (metadata) delete metadata.managedFields;
  return object;
}

/**
 * The Watch of @kubernetes/client-node on the cell's one connection pool, telling when a watch
 * request was accepted (so a watch that connects again ends the staleness without a relist).
 */
class PooledWatch extends Watch {
  constructor(
    auth: PooledKubeAuthentication,
    private readonly onConnected: () => void,
  ) {
    // Watch reads only the current cluster and the authentication of the config it is given
    super({
      getCurrentCluster: () => auth.kc.getCurrentCluster(),
      applySecurityAuthentication: (ctx: RequestContext) =>
        auth.applySecurityAuthentication(ctx),
    } as unknown as KubeConfig);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    let failed = false;
    const lean = (phase: string, apiObj: any, watchObj?: any) =>
      callback(phase, withoutManagedFields(apiObj), watchObj);
    const controller = await super.watch(path, queryParams, lean, err => {
      if (err) failed = true;
      done(err);
    });
    if (!failed) this.onConnected();
    return controller;
  }
}

/**
 * One resource kind of one cell, across namespaces, kept by list+watch (the ListWatch informer
 * of @kubernetes/client-node): it lists once, then follows the watch from the list's
 * resourceVersion. A 410 Gone relists (ListWatch); any other failure marks the objects stale
 * (with since-when) and tries again with a backoff, from the last resourceVersion (a relist when
 * that is too old). Watch lists (`sendInitialEvents`) are not used: they need a newer API server
 * than the v1.26 floor, and list+watch works everywhere.
 */
export class ResourceWatch<T extends KubernetesObject> {
  private readonly informer: ListWatch<T>;
  private phaseNow: WatchPhase = 'starting';
  private staleSinceAt?: Date;
  private lastError?: unknown;
  private backoffMs: number;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private everSynced = false;
  private listCalls = 0;
  private watchCalls = 0;
  private readonly waiters = new Set<() => void>();
  /** Bumped on every change; `changedAt` keeps the last bump per namespace, `epochAt` the last of all. */
  private seq = 0;
  private epochAt = 0;
  private readonly changedAt = new Map<string, number>();

  constructor(private readonly options: ResourceWatchOptions<T>) {
    this.backoffMs = options.minBackoffMs ?? 1_000;
    const watch = new PooledWatch(options.auth, () => {
      this.watchCalls++;
      this.settle('synced');
    });
    this.informer = new ListWatch<T>(
      options.path,
      watch,
      async () => {
        this.listCalls++;
        const list = await options.list();
        list.items.forEach(withoutManagedFields);
        return list;
      },
      false,
      options.labelSelector,
    );
    this.informer.on('error', err => this.failed(err));
    // the informer calls these after it updated its objects, in the same tick
    const changed = (o: T) => {
      this.changedAt.set(o.metadata?.namespace ?? '', ++this.seq);
    };
    this.informer.on('add', changed);
    this.informer.on('update', changed);
    this.informer.on('delete', changed);
  }

  /**
   * A number that grows whenever what {@link ResourceWatch.list} returns for `namespace`, the
   * phase or the error may have changed: equal numbers mean the same objects and state.
   */
  version(namespace: string): number {
    return Math.max(this.epochAt, this.changedAt.get(namespace) ?? 0);
  }

  /** Starts listing and watching. */
  start(): void {
    this.stopped = false;
    this.informer.start().catch(err => this.failed(err));
  }

  /** Stops the watch; the objects stay readable. */
  stop(): void {
    this.epochAt = ++this.seq;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.informer.stop().catch(() => undefined);
    this.wake();
  }

  get phase(): WatchPhase {
    return this.phaseNow;
  }

  /** When the objects stopped following the cell (stale and denied phases). */
  get staleSince(): Date | undefined {
    return this.staleSinceAt;
  }

  /** The last failure, while not synced. */
  get error(): unknown {
    return this.phaseNow === 'synced' ? undefined : this.lastError;
  }

  /** Whether the objects ever followed the cell (they mean something, if stale). */
  get hasSynced(): boolean {
    return this.everSynced;
  }

  /** List and watch requests made so far. */
  get calls(): { list: number; watch: number } {
    return { list: this.listCalls, watch: this.watchCalls };
  }

  /** The objects of one namespace. */
  list(namespace: string): ReadonlyArray<T> {
    return this.informer.list(namespace);
  }

  /** Resolves once the phase is no longer `starting`, or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    if (this.phaseNow !== 'starting' || this.stopped) return;
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  private settle(phase: WatchPhase) {
    this.epochAt = ++this.seq;
    if (phase === 'synced') {
      this.everSynced = true;
      this.staleSinceAt = undefined;
      this.backoffMs = this.options.minBackoffMs ?? 1_000;
    }
    const changed = phase !== this.phaseNow;
    this.phaseNow = phase;
    if (changed || phase !== 'synced') this.options.onChange?.();
    this.wake();
  }

  private wake() {
    for (const waiter of [...this.waiters]) waiter();
  }

  private failed(err: unknown) {
    if (this.stopped) return;
    this.epochAt = ++this.seq;
    this.lastError = err;
    const status =
      kubeStatusCode(err) ?? (err as { statusCode?: number })?.statusCode;
    const denied = status === 401 || status === 403;
    if (!this.staleSinceAt) this.staleSinceAt = new Date();
    let phase: WatchPhase = this.everSynced ? 'stale' : 'starting';
    if (denied) phase = 'denied';
    this.settle(phase);
    if (!denied && !this.everSynced) {
      // the first list failed: callers waiting for it get the error now
      this.wake();
    }
    clearTimeout(this.retryTimer);
    const delay = denied
      ? this.options.deniedRetryMs ?? 5 * 60_000
      : this.backoffMs;
    this.backoffMs = Math.min(
      this.backoffMs * 2,
      this.options.maxBackoffMs ?? 30_000,
    );
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.start();
    }, delay);
    this.retryTimer.unref?.();
  }
}
