import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SlbClient, slbApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The slb plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const slbPlugin = createPlugin({
  id: 'slb',
  apis: [
    createApiFactory({
      api: slbApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SlbClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The domains pages for the legacy frontend system: `<Route path="/slb" element={<SlbPage />} />`.
 *
 * @public
 */
export const SlbPage = slbPlugin.provide(
  createRoutableExtension({
    name: 'SlbPage',
    component: () => import('./components/SlbPage').then(m => m.SlbPage),
    mountPoint: rootRouteRef,
  }),
);
