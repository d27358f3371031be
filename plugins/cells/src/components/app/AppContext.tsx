import { createContext, useContext } from 'react';
import type {
  App,
  AppPermissions,
  Release,
} from '@cellport/plugin-cells-common';

/** What every tab of an app page shares. */
export interface AppContextValue {
  app: App;
  permissions: AppPermissions;
  /** The app's live release (running, paused, waiting for approval, rolling back), if any. */
  liveRelease?: Release;
  /** Changes whenever something was deployed, scaled or released from this page: reload views. */
  revision: number;
  /** Reload the app and tell the tabs to reload. */
  refresh(): void;
  /** Open the "New version" dialog. */
  openNewVersion(): void;
  /** Open the "Start release" dialog, optionally with a version chosen. */
  openStartRelease(version?: string): void;
}

/** The app page's shared state. */
export const AppContext = createContext<AppContextValue | undefined>(undefined);

/** The app page's shared state; only inside an app page. */
export function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) {
    throw new Error('useAppContext is only available inside an app page');
  }
  return value;
}

/** Permissions of a user who may do nothing but look. */
export const NO_PERMISSIONS: AppPermissions = {
  deploy: false,
  scale: false,
  release: false,
  update: false,
  delete: false,
  membersManage: false,
  logs: false,
  events: false,
};
