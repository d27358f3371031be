import { App, AppVersion, VersionSpec } from '@cellport/plugin-cells-common';
import { Page } from '@cellport/common';
import { Knex } from 'knex';

/**
 * Narrows a list query of the `apps` table (e.g. to the apps a caller may see); the access
 * library's `AccessListFilter` fits.
 *
 * @public
 */
export interface AppListFilter {
  apply(query: Knex.QueryBuilder, nameColumn: string): Knex.QueryBuilder;
}

/**
 * An app as stored (cells with their stable version).
 *
 * @public
 */
export type StoredApp = App;

/**
 * The apps and versions the portal manages, in the plugin database (knex: SQLite or PostgreSQL).
 * Access control is not its concern: callers check permissions through the AccessService first.
 *
 * @public
 */
export interface AppStore {
  /** ConflictError when the name is taken. */
  createApp(app: Omit<App, 'currentVersion' | 'createdAt'>): Promise<App>;
  getApp(name: string): Promise<App | undefined>;
  /** Apps by name, in the order asked; unknown names are left out. */
  getApps(names: string[]): Promise<App[]>;
  /** Changes the settings given (null clears); NotFoundError for an unknown app. */
  updateApp(
    name: string,
    patch: {
      description?: string;
      componentRef?: string | null;
      imageRepository?: string | null;
    },
  ): Promise<App>;
  deleteApp(name: string): Promise<boolean>;
  /** The version a cell serves (null: none yet). */
  setStableVersion(
    app: string,
    cell: string,
    version: string | null,
  ): Promise<void>;
  /**
   * Adds a cell to an app, optionally with its first version and that version's replicas there
   * (recorded in the version's spec); ConflictError when the app has the cell already,
   * NotFoundError for an unknown app or version.
   */
  addAppCell(
    app: string,
    cell: string,
    first?: { version: string; replicas: number },
  ): Promise<App>;
  /** The version the app as a whole serves after a finished release. */
  setCurrentVersion(app: string, version: string | null): Promise<void>;
  createVersion(input: {
    app: string;
    name: string;
    spec: VersionSpec;
    createdBy: string;
  }): Promise<AppVersion>;
  getVersion(app: string, name: string): Promise<AppVersion | undefined>;
  /** Newest first. */
  listVersions(app: string): Promise<AppVersion[]>;
  deleteVersion(app: string, name: string): Promise<boolean>;
}

/**
 * Lists apps and versions page by page in the database query (kept apart from {@link AppStore}
 * so that fakes of the store need not implement it).
 *
 * @public
 */
export interface AppListing {
  /**
   * Apps ordered by name, narrowed in the database query by `filter` (applied to `apps.name`)
   * and by a case-insensitive substring `q` of the name.
   */
  listApps(options?: {
    filter?: AppListFilter;
    q?: string;
    limit?: number;
    /** Only apps whose name comes after this one (keyset pagination). */
    after?: string;
  }): Promise<App[]>;
  /**
   * One page of an app's versions, newest first (by their row id): at most `limit`, created
   * before the version with row id `beforeId`; `nextCursor` holds the last item's row id.
   */
  listVersionPage(
    app: string,
    page: { limit: number; beforeId?: number },
  ): Promise<Page<AppVersion>>;
}
