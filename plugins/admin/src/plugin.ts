import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AdminClient, adminApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The platform admin plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const adminPlugin = createPlugin({
  id: 'cellport-admin',
  apis: [
    createApiFactory({
      api: adminApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AdminClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The platform admin page for the legacy frontend system:
 * `<Route path="/cellport-admin" element={<CellportAdminPage />} />`.
 *
 * @public
 */
export const CellportAdminPage = adminPlugin.provide(
  createRoutableExtension({
    name: 'CellportAdminPage',
    component: () => import('./components/AdminPage').then(m => m.AdminPage),
    mountPoint: rootRouteRef,
  }),
);
