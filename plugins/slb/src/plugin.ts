import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { SlbClient, slbApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The slb plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const slbPlugin = createPlugin({
  id: 'slb',
  apis: [clientApiFactory(slbApiRef, deps => new SlbClient(deps))],
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

/**
 * The entity tab for the legacy entity page: the domain named by `cellport.io/domain`.
 *
 * ```tsx
 * <EntityLayout.Route path="/domain" title="Domain" if={isSlbDomainAvailable}>
 *   <EntitySlbDomainContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntitySlbDomainContent = slbPlugin.provide(
  createComponentExtension({
    name: 'EntitySlbDomainContent',
    component: {
      lazy: () =>
        import('./components/entity/EntitySlbDomainContent').then(
          m => m.EntitySlbDomainContent,
        ),
    },
  }),
);
