import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { ObservabilityClient, observabilityApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The observability plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const observabilityPlugin = createPlugin({
  id: 'observability',
  apis: [
    clientApiFactory(
      observabilityApiRef,
      deps => new ObservabilityClient(deps),
    ),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The observability page for the legacy frontend system:
 * `<Route path="/observability" element={<ObservabilityPage />} />`.
 *
 * @public
 */
export const ObservabilityPage = observabilityPlugin.provide(
  createRoutableExtension({
    name: 'ObservabilityPage',
    component: () =>
      import('./components/ObservabilityRouter').then(
        m => m.ObservabilityRouter,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity tab for the legacy entity page:
 *
 * ```tsx
 * <EntityLayout.Route path="/observability" title="Observability" if={isObservabilityAvailable}>
 *   <EntityObservabilityContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityObservabilityContent = observabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityObservabilityContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityObservabilityContent').then(
          m => m.EntityObservabilityContent,
        ),
    },
  }),
);
