import { LoggerService } from '@backstage/backend-plugin-api';
import {
  V1Deployment,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { CellClient } from './CellClients';
import { CellUnreachableError, toCellError } from './errors';
import { ResourceWatch } from './ResourceWatch';
import { podSummaries, versionStatuses } from './summaries';
import { CELLPORT_LABELS, CellWorkloadView } from './types';

/** Every object Cellport applies carries this label; the watches select on it. */
const MANAGED = `${CELLPORT_LABELS.managedBy}=cellport`;

/** Options of a {@link CellViewCache}. */
export interface CellViewCacheOptions {
  client: CellClient;
  logger: LoggerService;
  /** How long a view waits for the first list of a cell; default 4 s. */
  initialSyncTimeoutMs?: number;
  /** Backoff bounds of the watches (tests shorten them). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  deniedRetryMs?: number;
}

/**
 * The watch-backed caches of one cell: Cellport's Deployments, HPAs and pods across namespaces.
 * A view reads them without calling the cell. When the cell refuses listing across namespaces
 * (RBAC), views read the app's namespace live instead (the caller's `live`).
 */
export class CellViewCache {
  private readonly pods: ResourceWatch<V1Pod>;
  private readonly deployments: ResourceWatch<V1Deployment>;
  private readonly hpas: ResourceWatch<V2HorizontalPodAutoscaler>;
  private deniedLogged = false;

  constructor(private readonly options: CellViewCacheOptions) {
    const { client } = options;
    const common = {
      labelSelector: MANAGED,
      auth: client.auth,
      minBackoffMs: options.minBackoffMs,
      maxBackoffMs: options.maxBackoffMs,
      deniedRetryMs: options.deniedRetryMs,
    };
    this.pods = new ResourceWatch<V1Pod>({
      ...common,
      path: '/api/v1/pods',
      list: () =>
        client.core.listPodForAllNamespaces({ labelSelector: MANAGED }),
    });
    this.deployments = new ResourceWatch<V1Deployment>({
      ...common,
      path: '/apis/apps/v1/deployments',
      list: () =>
        client.apps.listDeploymentForAllNamespaces({ labelSelector: MANAGED }),
    });
    this.hpas = new ResourceWatch<V2HorizontalPodAutoscaler>({
      ...common,
      path: '/apis/autoscaling/v2/horizontalpodautoscalers',
      list: () =>
        client.autoscaling.listHorizontalPodAutoscalerForAllNamespaces({
          labelSelector: MANAGED,
        }),
    });
  }

  private get watches() {
    return [this.pods, this.deployments, this.hpas];
  }

  get cell(): string {
    return this.options.client.cell.name;
  }

  start(): void {
    for (const w of this.watches) w.start();
  }

  stop(): void {
    for (const w of this.watches) w.stop();
  }

  /** List and watch requests this cache made (for figures and tests). */
  get calls(): { list: number; watch: number } {
    return this.watches.reduce(
      (sum, w) => ({
        list: sum.list + w.calls.list,
        watch: sum.watch + w.calls.watch,
      }),
      { list: 0, watch: 0 },
    );
  }

  /**
   * A key of what {@link CellViewCache.view} would return for `app` now: equal keys, equal views.
   * Undefined while a view would not come from the caches (first lists pending, watching denied).
   */
  version(app: string): string | undefined {
    if (this.watches.some(w => w.phase === 'denied' || !w.hasSynced)) {
      return undefined;
    }
    return this.watches.map(w => w.version(app)).join('.');
  }

  /** The app's versions and pods from the caches (`live` when the cell denies watching). */
  async view(
    app: string,
    live: () => Promise<CellWorkloadView>,
  ): Promise<CellWorkloadView> {
    const timeoutMs = this.options.initialSyncTimeoutMs ?? 4_000;
    await Promise.all(this.watches.map(w => w.settled(timeoutMs)));
    const denied = this.watches.find(w => w.phase === 'denied');
    if (denied) {
      if (!this.deniedLogged) {
        this.deniedLogged = true;
        this.options.logger.warn(
          'The cell refuses listing and watching across namespaces; app views read each namespace live',
          { cell: this.cell, error: String(denied.error) },
        );
      }
      return live();
    }
    this.deniedLogged = false;
    const unsynced = this.watches.find(w => !w.hasSynced);
    if (unsynced) {
      if (unsynced.error === undefined) {
        throw new CellUnreachableError(
          this.cell,
          `cell '${this.cell}' did not answer within ${timeoutMs} ms`,
        );
      }
      throw toCellError(this.cell, 'list and watch', unsynced.error);
    }
    const ofApp = <T extends V1Pod | V1Deployment | V2HorizontalPodAutoscaler>(
      w: ResourceWatch<T>,
    ) =>
      w
        .list(app)
        .filter(o => o.metadata?.labels?.[CELLPORT_LABELS.app] === app);
    const view: CellWorkloadView = {
      versions: versionStatuses(ofApp(this.deployments), ofApp(this.hpas)),
      pods: podSummaries(this.cell, ofApp(this.pods)),
    };
    const stale = this.watches.filter(w => w.phase !== 'synced');
    if (stale.length === 0) {
      return view;
    }
    const since = Math.min(
      ...stale.map(w => w.staleSince?.getTime() ?? Date.now()),
    );
    const reason = stale.find(w => w.error !== undefined)?.error;
    return {
      ...view,
      staleSince: new Date(since).toISOString(),
      staleReason: reason
        ? toCellError(this.cell, 'watch', reason).message
        : `cell '${this.cell}': reconnecting its watches`,
    };
  }
}
