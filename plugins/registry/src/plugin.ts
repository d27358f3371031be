import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { RegistryClient, registryApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The registry plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const registryPlugin = createPlugin({
  id: 'registry',
  apis: [
    createApiFactory({
      api: registryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new RegistryClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The registry pages for the legacy frontend system:
 * `<Route path="/registry" element={<RegistryPage />} />`.
 *
 * @public
 */
export const RegistryPage = registryPlugin.provide(
  createRoutableExtension({
    name: 'RegistryPage',
    component: () =>
      import('./components/RegistryPage').then(m => m.RegistryPage),
    mountPoint: rootRouteRef,
  }),
);
