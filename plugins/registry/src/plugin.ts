import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { RegistryClient, registryApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The registry plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const registryPlugin = createPlugin({
  id: 'registry',
  apis: [clientApiFactory(registryApiRef, deps => new RegistryClient(deps))],
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

/**
 * The images tab for the legacy entity page: the tags, with pull commands, of the component's
 * repository (named by its `cellport.io/image` annotation, or named like the component), or
 * "Create a repository for this component" prefilled when there is none.
 *
 * @public
 */
export const EntityRegistryContent = registryPlugin.provide(
  createComponentExtension({
    name: 'EntityRegistryContent',
    component: {
      lazy: () =>
        import('./components/EntityRegistryContent').then(
          m => m.EntityRegistryContent,
        ),
    },
  }),
);
