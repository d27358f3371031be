import { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { App, AppPermissions } from '@cellport/plugin-cells-common';
import { cellsApiRef, CellsApi } from '../api';
import { AppContext, AppContextValue } from '../components/app/AppContext';
import { ALL_PERMISSIONS, paymentsApp } from './fixtures';

/**
 * Renders an element in a legacy test app with the given CellsApi and the catalog's entity route
 * mounted (component links). `path` wraps it in a route, `at` is the URL to start at.
 */
export function renderWithCellsApi(
  element: ReactNode,
  options: { api: CellsApi; path?: string; at?: string },
) {
  const routed = options.path ? (
    <Routes>
      <Route path={options.path} element={element} />
    </Routes>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider apis={[[cellsApiRef, options.api]]}>
      {routed}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(options.at ? { routeEntries: [options.at] } : {}),
    },
  );
}

/**
 * Renders one tab of an app page with the app context it needs (the payments app by default).
 */
export function renderAppTab(
  element: ReactNode,
  options: {
    api: CellsApi;
    app?: App;
    permissions?: AppPermissions;
    refresh?: () => void;
  },
) {
  const value: AppContextValue = {
    app: options.app ?? paymentsApp,
    permissions: options.permissions ?? ALL_PERMISSIONS,
    revision: 0,
    refresh: options.refresh ?? (() => {}),
    openNewVersion: () => {},
    openStartRelease: () => {},
  };
  return renderWithCellsApi(
    <AppContext.Provider value={value}>{element}</AppContext.Provider>,
    { api: options.api },
  );
}
