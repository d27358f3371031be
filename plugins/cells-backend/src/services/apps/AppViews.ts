import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { appMatrix } from '@cellport/plugin-access-common';
import {
  App,
  AppEvent,
  AppEventsResponse,
  AppOverview,
  AppPermissions,
  CellAppView,
  dnsLabelSchema,
} from '@cellport/plugin-cells-common';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { AppStore } from '../../database/types';
import { compareEventsNewestFirst } from '../kube/eventOrder';
import { CellUnreachableError } from '../kube/errors';
import {
  CellDiagnostics,
  CellViews,
  CellWorkloads,
  CellWorkloadView,
} from '../kube/types';
import { OverviewSnapshot, OverviewSnapshots } from './OverviewSnapshots';
import { AppAccess } from './types';
import { ViewAccessCache } from './ViewAccessCache';

/**
 * Options of {@link AppViews.create}.
 *
 * @public
 */
export interface AppViewsOptions {
  store: AppStore;
  workloads: CellWorkloads & CellDiagnostics;
  /** Watch-backed reads for the overview; without it, every view reads the cells live. */
  views?: CellViews;
  access: AppAccess;
  /** How long one cell may take to answer a view before it is shown as unreachable; default 5 s. */
  cellTimeoutMs?: number;
  /** The most events a view returns; default 500. */
  maxEvents?: number;
  /**
   * How long a caller allowed to view an app's overview is not asked again; default 5 s, 0 asks
   * every time. A member who loses access gets 404 from the overview within this time.
   */
  viewAccessCacheMs?: number;
  /** The most (caller, app) view decisions kept; default 10000. */
  viewAccessCacheSize?: number;
  /** The most apps whose serialized overview is kept; default 1000. */
  snapshotApps?: number;
}

/**
 * Query of `GET /apps/:app/cells/:cell/pods/:pod/log`.
 *
 * @public
 */
export const podLogQuerySchema = z
  .object({
    container: dnsLabelSchema('container name').optional(),
    previous: z.enum(['true', 'false']).optional(),
    follow: z.enum(['true', 'false']).optional(),
    tailLines: z.coerce
      .number({ error: 'tailLines must be a number' })
      .int('tailLines must be a whole number')
      .min(1, 'tailLines must be 1 or more')
      .max(100_000, 'tailLines must be at most 100000')
      .optional(),
  })
  .strict();

/**
 * A pod log query, as parsed by {@link podLogQuerySchema}.
 *
 * @public
 */
export type PodLogQuery = z.output<typeof podLogQuerySchema>;

/** A pod name: a DNS-1123 subdomain. */
const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The bound of a log that is not followed. */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

const appRef = (name: string) => ({ kind: 'app' as const, name });

function withTimeout<T>(
  cell: string,
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CellUnreachableError(
            cell,
            `cell '${cell}' did not answer within ${ms} ms`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The app views: overview (versions and pods per cell), events, pod logs and the caller's
 * permissions. Each cell is read on its own with a timeout: a cell that does not answer is
 * reported as such and never fails the view.
 *
 * @public
 */
export class AppViews {
  static create(options: AppViewsOptions): AppViews {
    return new AppViews(options);
  }

  private readonly cellTimeoutMs: number;
  private readonly viewAccess: ViewAccessCache;
  private readonly snapshots: OverviewSnapshots;

  private constructor(private readonly options: AppViewsOptions) {
    this.cellTimeoutMs = options.cellTimeoutMs ?? 5_000;
    this.viewAccess = new ViewAccessCache({
      ttlMs: options.viewAccessCacheMs ?? 5_000,
      maxEntries: options.viewAccessCacheSize ?? 10_000,
    });
    this.snapshots = new OverviewSnapshots(options.snapshotApps ?? 1000);
  }

  /** Versions (ready/desired) and pods of the app in each of its cells (Guest). */
  async overview(
    credentials: BackstageCredentials,
    appName: string,
  ): Promise<AppOverview> {
    return (await this.overviewSnapshot(credentials, appName)).overview;
  }

  /**
   * The overview serialized, with its ETag. The app is read from the store every time; the
   * cells' part is reused while the app's cells and every cell's watch-backed cache are unchanged
   * (see {@link CellViews.viewVersion}), and built anew otherwise. The read permission is asked
   * once per caller and app within `viewAccessCacheMs`.
   */
  async overviewSnapshot(
    credentials: BackstageCredentials,
    appName: string,
  ): Promise<OverviewSnapshot> {
    await this.viewAccess.allow(credentials, appName, () =>
      this.options.access.authorize(
        credentials,
        appMatrix.read.permission,
        appRef(appName),
      ),
    );
    const app = await this.requireApp(appName);
    // the key is taken before the views are read: a snapshot is never older than its key
    const key = this.overviewKey(app);
    return this.snapshots.snapshotOf(appName, key, async () => {
      const { overview, failed } = await this.buildOverview(app);
      // a cell that failed to answer is asked again by the next view
      return { snapshot: new OverviewSnapshot(overview), keep: !failed };
    });
  }

  /** The key of the overview's state, or undefined when a cell's view is not kept. */
  private overviewKey(app: App): string | undefined {
    const { views } = this.options;
    if (!views?.viewVersion) return undefined;
    const parts: unknown[] = [];
    for (const c of app.cells) {
      const version = views.viewVersion(c.cell, app.name);
      if (version === undefined) return undefined;
      parts.push([c.cell, c.stableVersion ?? null, c.drifted, version]);
    }
    return JSON.stringify(parts);
  }

  private async buildOverview(
    app: App,
  ): Promise<{ overview: AppOverview; failed: boolean }> {
    const { workloads } = this.options;
    const appName = app.name;
    let failed = false;
    const cells = await Promise.all(
      app.cells.map(async (c): Promise<CellAppView> => {
        const base = {
          cell: c.cell,
          ...(c.stableVersion ? { stableVersion: c.stableVersion } : {}),
          drifted: c.drifted,
        };
        try {
          const view = await withTimeout<CellWorkloadView>(
            c.cell,
            this.options.views
              ? this.options.views.viewApp(c.cell, appName)
              : Promise.all([
                  workloads.listVersionStatuses(c.cell, appName),
                  workloads.listPods(c.cell, appName),
                ]).then(([versions, pods]) => ({ versions, pods })),
            this.cellTimeoutMs,
          );
          if (view.staleSince) {
            // what the cell had when the portal lost its watch of it
            return {
              ...base,
              ...view,
              reachable: false,
              error: `${view.staleReason} (showing what it had at ${view.staleSince})`,
            };
          }
          return { ...base, reachable: true, ...view };
        } catch (e) {
          failed = true;
          return {
            ...base,
            reachable: !(e instanceof CellUnreachableError),
            error: (e as Error).message,
            versions: [],
            pods: [],
          };
        }
      }),
    );
    return { overview: { app: appName, cells }, failed };
  }

  /** Kubernetes events of the app's namespace in every cell, newest first (Reporter). */
  async events(
    credentials: BackstageCredentials,
    appName: string,
  ): Promise<AppEventsResponse> {
    await this.options.access.authorize(
      credentials,
      appMatrix.eventsRead.permission,
      appRef(appName),
    );
    const app = await this.requireApp(appName);
    const items: AppEvent[] = [];
    const errors: AppEventsResponse['errors'] = [];
    await Promise.all(
      app.cells.map(async ({ cell }) => {
        try {
          items.push(
            ...(await withTimeout(
              cell,
              this.options.workloads.listEvents(cell, appName),
              this.cellTimeoutMs,
            )),
          );
        } catch (e) {
          errors.push({ cell, error: (e as Error).message });
        }
      }),
    );
    items.sort(compareEventsNewestFirst);
    errors.sort((a, b) => a.cell.localeCompare(b.cell));
    return { items: items.slice(0, this.options.maxEvents ?? 500), errors };
  }

  /**
   * Streams a pod's log into `out` (Reporter). The pod is looked up in the app's namespace of
   * one of the app's cells; rejects (before writing) with 404 for another cell or an unknown pod
   * and 400 for an unknown container or a previous log that does not exist. Returns a function
   * that stops following.
   */
  async streamPodLog(
    credentials: BackstageCredentials,
    appName: string,
    cell: string,
    podName: string,
    q: PodLogQuery,
    out: Writable,
  ): Promise<() => void> {
    if (!POD_NAME.test(podName)) {
      throw new InputError(`'${podName}' is not a pod name`);
    }
    await this.options.access.authorize(
      credentials,
      appMatrix.logsRead.permission,
      appRef(appName),
    );
    const app = await this.requireApp(appName);
    if (!app.cells.some(c => c.cell === cell)) {
      throw new NotFoundError(
        `cell '${cell}' is not a cell of app '${appName}'`,
      );
    }
    const pod = await this.options.workloads.getPod(cell, appName, podName);
    if (!pod) {
      throw new NotFoundError(
        `cell '${cell}' has no pod '${podName}' in app '${appName}'`,
      );
    }
    const container =
      q.container ??
      (pod.containers.includes('app') ? 'app' : pod.containers[0]);
    if (!pod.containers.includes(container)) {
      throw new InputError(
        `pod '${podName}' has no container '${container}' (it has ${pod.containers.join(
          ', ',
        )})`,
      );
    }
    const previous = q.previous === 'true';
    if (previous && !pod.previousContainers.includes(container)) {
      throw new InputError(
        `container '${container}' of pod '${podName}' has not restarted: there is no previous log`,
      );
    }
    const follow = q.follow === 'true';
    const controller = await this.options.workloads.streamPodLog(
      cell,
      appName,
      podName,
      {
        container,
        previous,
        follow,
        tailLines: q.tailLines,
        limitBytes: follow ? undefined : MAX_LOG_BYTES,
      },
      out,
    );
    return () => controller.abort();
  }

  /** Which actions the caller may take on the app (404 for those who may not see it). */
  async permissions(
    credentials: BackstageCredentials,
    appName: string,
  ): Promise<AppPermissions> {
    const { access } = this.options;
    await access.authorize(
      credentials,
      appMatrix.read.permission,
      appRef(appName),
    );
    const allowed = async (row: { permission: ResourcePermission }) =>
      access.isAllowed(credentials, row.permission, appRef(appName));
    const [deploy, scale, release, update, del, membersManage, logs, events] =
      await Promise.all([
        allowed(appMatrix.deploy),
        allowed(appMatrix.scale),
        allowed(appMatrix.releaseManage),
        allowed(appMatrix.update),
        allowed(appMatrix.delete),
        allowed(appMatrix.membersManage),
        allowed(appMatrix.logsRead),
        allowed(appMatrix.eventsRead),
      ]);
    return {
      deploy,
      scale,
      release,
      update,
      delete: del,
      membersManage,
      logs,
      events,
    };
  }

  private async requireApp(name: string) {
    const app = await this.options.store.getApp(name);
    if (!app) {
      throw new NotFoundError(`App '${name}' not found`);
    }
    return app;
  }
}
