import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import { CellsClient, cellsApiRef } from './api';
import { isCellsAppAvailable } from './components/entity/isCellsAppAvailable';
import { rootRouteRef } from './routes';

const cellsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(clientApiFactory(cellsApiRef, deps => new CellsClient(deps))),
});

/** The page; its title and icon also make the sidebar's "Cells" item. */
const cellsPage = PageBlueprint.make({
  params: {
    path: '/cells',
    title: 'Cells',
    icon: <StorageIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/CellsPage').then(m => <m.CellsPage />),
  },
});

const cellsEntityContent = EntityContentBlueprint.make({
  name: 'app',
  params: {
    path: '/cells',
    title: 'Cells',
    filter: isCellsAppAvailable,
    loader: () =>
      import('./components/entity/EntityCellsAppContent').then(m => (
        <m.EntityCellsAppContent />
      )),
  },
});

/**
 * The cells plugin for Backstage's new frontend system: the API, the page (apps, regions and
 * cells, app pages; with its sidebar item) and the entity tab of Components annotated
 * `cellport.io/app`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'cells',
  extensions: [cellsApi, cellsPage, cellsEntityContent],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
