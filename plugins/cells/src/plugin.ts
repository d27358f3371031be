import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { CellsClient, cellsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The cells plugin for portals on Backstage's legacy frontend system.
 *
 * @public
 */
export const cellsPlugin = createPlugin({
  id: 'cells',
  apis: [clientApiFactory(cellsApiRef, deps => new CellsClient(deps))],
  routes: { root: rootRouteRef },
});

/**
 * The cells pages for the legacy frontend system: the user's apps, regions and cells, and one page
 * per app. `<Route path="/cells" element={<CellsPage />} />`.
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

/**
 * The entity tab for the legacy entity page: the page of the app named by the component's
 * `cellport.io/app` annotation.
 *
 * ```tsx
 * <EntityLayout.Route path="/cells" title="Cells" if={isCellsAppAvailable}>
 *   <EntityCellsAppContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityCellsAppContent = cellsPlugin.provide(
  createComponentExtension({
    name: 'EntityCellsAppContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityCellsAppContent').then(
          m => m.EntityCellsAppContent,
        ),
    },
  }),
);
