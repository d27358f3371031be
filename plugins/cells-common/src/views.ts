/**
 * A version's Deployment in one cell.
 *
 * @public
 */
export interface CellVersionStatus {
  version: string;
  image: string;
  desired: number;
  ready: number;
  updated: number;
  available: number;
  /** Autoscaling bounds when the version has an HPA in this cell. */
  autoscaling?: { min: number; max: number; current?: number };
}

/**
 * A pod of the app in one cell.
 *
 * @public
 */
export interface PodSummary {
  name: string;
  cell: string;
  version?: string;
  ip?: string;
  node?: string;
  /** Pending, Running, Succeeded, Failed, or Terminating / CrashLoopBackOff when that says more. */
  status: string;
  ready: boolean;
  restarts: number;
  createdAt?: string;
  containers: string[];
}

/**
 * What one cell says about the app; `error` set (and the rest empty) when it could not be read.
 *
 * @public
 */
export interface CellAppView {
  cell: string;
  reachable: boolean;
  error?: string;
  stableVersion?: string;
  drifted: boolean;
  versions: CellVersionStatus[];
  pods: PodSummary[];
  /**
   * Set when the portal lost its watch of the cell (e.g. the cell is unreachable): `versions` and
   * `pods` are what the cell had then (ISO 8601), `reachable` is false and `error` says why.
   */
  staleSince?: string;
  /** Why the view is stale, naming the cell. */
  staleReason?: string;
}

/**
 * `GET /apps/:app/overview`: every cell of the app, each read on its own so that one unreachable
 * cell never fails the whole view.
 *
 * @public
 */
export interface AppOverview {
  app: string;
  cells: CellAppView[];
}

/**
 * A Kubernetes event of the app's namespace, from one cell.
 *
 * @public
 */
export interface AppEvent {
  cell: string;
  type: string;
  reason: string;
  message: string;
  object: string;
  count: number;
  /** ISO time of the last occurrence (the best of `eventTime`, `series.lastObservedTime`, `lastTimestamp`). */
  at: string;
  /** The event's resourceVersion in its cell: orders one cell's events within a second. */
  resourceVersion?: string;
}

/**
 * `GET /apps/:app/events`: events of every cell merged, newest first, with per-cell errors.
 *
 * @public
 */
export interface AppEventsResponse {
  items: AppEvent[];
  errors: Array<{ cell: string; error: string }>;
}

/**
 * The cells plugin's HTTP API, relative to the plugin base URL (`/api/cells`). Bodies are the
 * request schemas of this package; errors are Backstage error bodies with a 4xx/5xx status.
 *
 * - `GET /regions`, `GET /cells/:cell`: regions and cells with status
 * - `GET /apps` (`{ items: App[] }`, the caller's apps), `POST /apps`, `GET|PATCH|DELETE /apps/:app`
 * - `GET /apps/:app/versions`, `POST /apps/:app/versions`, `DELETE /apps/:app/versions/:version`,
 *   `POST /apps/:app/versions/:version/scale`
 * - `GET /apps/:app/overview`, `GET /apps/:app/events`,
 *   `GET /apps/:app/cells/:cell/pods/:pod/log?container=&previous=&follow=&tailLines=`
 * - `GET /apps/:app/releases`, `POST /apps/:app/releases`, `GET /apps/:app/releases/:id`,
 *   `GET /apps/:app/releases/:id/events`, `POST /apps/:app/releases/:id/actions`,
 *   `POST /apps/:app/cells/:cell/sync` (a one-cell release bringing a drifted cell to the current version)
 * - `GET|POST /apps/:app/members`, `PUT|DELETE /apps/:app/members/:member` (the access library's
 *   members router), `GET /apps/:app/permissions` (which actions the caller may take)
 *
 * @public
 */
export const CELLS_API_ROUTES = [
  'GET /regions',
  'GET /cells/:cell',
  'GET /apps',
  'POST /apps',
  'GET /apps/:app',
  'PATCH /apps/:app',
  'DELETE /apps/:app',
  'GET /apps/:app/versions',
  'POST /apps/:app/versions',
  'DELETE /apps/:app/versions/:version',
  'POST /apps/:app/versions/:version/scale',
  'GET /apps/:app/overview',
  'GET /apps/:app/events',
  'GET /apps/:app/cells/:cell/pods/:pod/log',
  'GET /apps/:app/releases',
  'POST /apps/:app/releases',
  'GET /apps/:app/releases/:id',
  'GET /apps/:app/releases/:id/events',
  'POST /apps/:app/releases/:id/actions',
  'POST /apps/:app/cells/:cell/sync',
  'GET /apps/:app/permissions',
] as const;

/**
 * `GET /apps/:app/permissions`: what the caller may do on the app (drives which buttons show).
 *
 * @public
 */
export interface AppPermissions {
  deploy: boolean;
  scale: boolean;
  release: boolean;
  update: boolean;
  delete: boolean;
  membersManage: boolean;
  logs: boolean;
  events: boolean;
}
