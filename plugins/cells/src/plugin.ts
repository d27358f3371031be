import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CellsClient, cellsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The cells plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const cellsPlugin = createPlugin({
  id: 'cells',
  apis: [
    createApiFactory({
      api: cellsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CellsClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The cells page for the legacy frontend system: `<Route path="/cells" element={<CellsPage />} />`.
 *
 * @public
 */
export const CellsPage = cellsPlugin.provide(
  createRoutableExtension({
    name: 'CellsPage',
    component: () => import('./components/CellsPage').then(m => m.CellsPage),
    mountPoint: rootRouteRef,
  }),
);
