import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { BuildsClient, buildsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The builds plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const buildsPlugin = createPlugin({
  id: 'builds',
  apis: [clientApiFactory(buildsApiRef, deps => new BuildsClient(deps))],
  routes: { root: rootRouteRef },
});

/**
 * The builds pages for the legacy frontend system:
 * `<Route path="/builds" element={<BuildsPage />} />`.
 *
 * @public
 */
export const BuildsPage = buildsPlugin.provide(
  createRoutableExtension({
    name: 'BuildsPage',
    component: () => import('./components/BuildsPage').then(m => m.BuildsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Builds tab for the legacy entity page of components annotated `cellport.io/build`.
 *
 * @public
 */
export const EntityBuildsContent = buildsPlugin.provide(
  createComponentExtension({
    name: 'EntityBuildsContent',
    component: {
      lazy: () =>
        import('./components/EntityBuildsContent').then(
          m => m.EntityBuildsContent,
        ),
    },
  }),
);
