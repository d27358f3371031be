import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import LayersIcon from '@material-ui/icons/Layers';
import { RegistryClient, registryApiRef } from './api';
import { rootRouteRef } from './routes';

const registryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: registryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new RegistryClient(deps),
    }),
});

const registryPage = PageBlueprint.make({
  params: {
    path: '/registry',
    title: 'Registry',
    icon: <LayersIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/RegistryPage').then(m => <m.RegistryPage />),
  },
});

/**
 * The registry plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'registry',
  extensions: [registryApi, registryPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
