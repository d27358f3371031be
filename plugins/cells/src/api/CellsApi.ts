import { createApiRef } from '@backstage/core-plugin-api';
import type { Page } from '@cellport/common';
import type { Member, Role } from '@cellport/plugin-access-common';
import type {
  AddAppCellRequest,
  App,
  AppEventsResponse,
  AppOverview,
  AppPermissions,
  AppVersion,
  CellSummary,
  CreateAppRequest,
  CreateVersionRequest,
  RegionSummary,
  Release,
  ReleaseActionRequest,
  ReleaseEvent,
  ScaleRequest,
  StartReleaseRequest,
  UpdateAppRequest,
} from '@cellport/plugin-cells-common';

/**
 * Which page of a list: at most `limit` items (the server's default when left out), after the
 * page whose `nextCursor` is `cursor` (the first page when left out).
 *
 * @public
 */
export interface PageOptions {
  limit?: number;
  cursor?: string;
}

/**
 * Options of {@link CellsApi.getPodLog}.
 *
 * @public
 */
export interface PodLogOptions {
  /** The container; the pod's first one when left out. */
  container?: string;
  /** The previous (crashed) container's log. */
  previous?: boolean;
  /** Only the last lines (default: the backend's). */
  tailLines?: number;
}

/**
 * Client of the cells backend: regions and cells, apps, versions, releases and the app views.
 * Every method rejects with the server's message (a `ResponseError`) on a 4xx/5xx answer.
 *
 * @public
 */
export interface CellsApi {
  /** `GET /regions`: every region with its cells and their status. */
  listRegions(): Promise<RegionSummary[]>;
  /** `GET /cells/:cell`: one cell with its status. */
  getCell(cell: string): Promise<CellSummary>;

  /**
   * Every app the caller may see (created by them, where they are a member, or public), by
   * name: `GET /apps` page after page. For pickers and lookups; lists show a page at a time
   * with {@link CellsApi.listAppsPage}.
   */
  listApps(): Promise<App[]>;
  /** `GET /apps`: one page of the caller's apps by name, optionally whose name contains `q`. */
  listAppsPage(options?: PageOptions & { q?: string }): Promise<Page<App>>;
  /** `POST /apps`: creates an app in its cells; the caller becomes its Owner. */
  createApp(request: CreateAppRequest): Promise<App>;
  /** `GET /apps/:app`. */
  getApp(app: string): Promise<App>;
  /** `PATCH /apps/:app`: description, component and image repository. */
  updateApp(app: string, request: UpdateAppRequest): Promise<App>;
  /** `DELETE /apps/:app`: removes the app from every cell. */
  deleteApp(app: string): Promise<void>;
  /**
   * `POST /apps/:app/cells`: adds a cell of the app's region to the app, optionally running one
   * of its versions there.
   */
  addAppCell(app: string, request: AddAppCellRequest): Promise<App>;
  /** `GET /apps/:app/permissions`: what the caller may do on the app. */
  getAppPermissions(app: string): Promise<AppPermissions>;

  /** Every version of the app, newest first: `GET /apps/:app/versions` page after page. */
  listVersions(app: string): Promise<AppVersion[]>;
  /** `GET /apps/:app/versions`: one page of the app's versions, newest first. */
  listVersionsPage(app: string, options?: PageOptions): Promise<Page<AppVersion>>;
  /** `POST /apps/:app/versions`: creates (deploys) a version. */
  createVersion(
    app: string,
    request: CreateVersionRequest,
  ): Promise<AppVersion>;
  /** `DELETE /apps/:app/versions/:version`: removes a version from every cell. */
  deleteVersion(app: string, version: string): Promise<void>;
  /** `POST /apps/:app/versions/:version/scale`: sets a version's replicas in one cell. */
  scaleVersion(
    app: string,
    version: string,
    request: ScaleRequest,
  ): Promise<void>;

  /** `GET /apps/:app/overview`: versions and pods per cell, with per-cell errors. */
  getOverview(app: string): Promise<AppOverview>;
  /** `GET /apps/:app/events`: Kubernetes events of every cell, newest first. */
  getEvents(app: string): Promise<AppEventsResponse>;
  /** `GET /apps/:app/cells/:cell/pods/:pod/log`: a pod's log as text. */
  getPodLog(
    app: string,
    cell: string,
    pod: string,
    options?: PodLogOptions,
  ): Promise<string>;

  /** `GET /gate-sources`: the metric gate sources release plans may use (e.g. `prometheus`). */
  listGateSources(): Promise<string[]>;
  /**
   * The tags of an image repository (`group/name`) from the registry plugin, newest push first,
   * with the registry host that image references start with.
   */
  listImageTags(repository: string): Promise<ImageTagList>;

  /** `GET /apps/:app/releases`: the newest releases (the first page, 50). */
  listReleases(app: string): Promise<Release[]>;
  /** `GET /apps/:app/releases`: one page of the app's releases, newest first. */
  listReleasesPage(app: string, options?: PageOptions): Promise<Page<Release>>;
  /** `POST /apps/:app/releases`: starts a release. */
  startRelease(app: string, request: StartReleaseRequest): Promise<Release>;
  /** `GET /apps/:app/releases/:id`. */
  getRelease(app: string, id: string): Promise<Release>;
  /** `GET /apps/:app/releases/:id/events`: the release's timeline. */
  listReleaseEvents(app: string, id: string): Promise<ReleaseEvent[]>;
  /** `POST /apps/:app/releases/:id/actions`: promote, pause, resume, abort, retry, skip-cell. */
  releaseAction(
    app: string,
    id: string,
    action: ReleaseActionRequest,
  ): Promise<Release | undefined>;
  /**
   * `POST /apps/:app/cells/:cell/sync`: starts a one-cell release that brings a drifted cell to
   * the app's current version.
   */
  syncCell(app: string, cell: string): Promise<Release>;

  /** `GET /apps/:app/members`: direct members with their roles. */
  listMembers(app: string): Promise<Member[]>;
  /** `POST /apps/:app/members`. */
  addMember(app: string, member: string, role: Role): Promise<Member>;
  /** `PUT /apps/:app/members/:member`. */
  updateMember(app: string, member: string, role: Role): Promise<Member>;
  /** `DELETE /apps/:app/members/:member`. */
  removeMember(app: string, member: string): Promise<void>;
}

/**
 * Tags of an image repository, as {@link CellsApi.listImageTags} answers.
 *
 * @public
 */
export interface ImageTagList {
  /** The registry's host, e.g. `127.0.0.1:5050`: image references are `<host>/<repository>:<tag>`. */
  registryHost?: string;
  /** Newest push first; tags without a known push time last, by name. */
  items: Array<{
    tag: string;
    digest: string;
    size: number;
    pushedAt?: string;
    pusher?: string;
  }>;
}

/**
 * API reference of {@link CellsApi}.
 *
 * @public
 */
export const cellsApiRef = createApiRef<CellsApi>({ id: 'plugin.cells.api' });
