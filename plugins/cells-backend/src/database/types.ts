import { App, AppVersion, VersionSpec } from '@cellport/plugin-cells-common';

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
  updateApp(
    name: string,
    patch: Partial<Pick<App, 'description' | 'componentRef' | 'imageRepository'>>,
  ): Promise<App>;
  deleteApp(name: string): Promise<boolean>;
  /** The version a cell serves (null: none yet). */
  setStableVersion(app: string, cell: string, version: string | null): Promise<void>;
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
