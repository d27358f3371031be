import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import StorageIcon from '@material-ui/icons/Storage';
import { CellsClient, cellsApiRef } from './api';
import { rootRouteRef } from './routes';

const cellsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: cellsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CellsClient(deps),
    }),
});

const cellsPage = PageBlueprint.make({
  params: {
    path: '/cells',
    title: 'Cells',
    icon: <StorageIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/CellsPage').then(m => <m.CellsPage />),
  },
});

/**
 * The cells plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'cells',
  extensions: [cellsApi, cellsPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
