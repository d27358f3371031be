import { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { App, AppPermissions } from '@cellport/plugin-cells-common';
import { cellsApiRef, CellsApi } from '../api';
import { AppContext, AppContextValue } from '../components/app/AppContext';
import { ALL_PERMISSIONS, paymentsApp } from './fixtures';

/** Catalog users the fixtures name, with display names. */
export const people = ['alice', 'bob'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {
    profile: {
      displayName: `${name[0].toUpperCase()}${name.slice(1)} Example`,
    },
    memberOf: [],
  },
}));

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
    <TestApiProvider
      apis={[
        [cellsApiRef, options.api],
        [catalogApiRef, catalogApiMock({ entities: people })],
      ]}
    >
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
