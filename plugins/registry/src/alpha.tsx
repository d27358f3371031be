import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import LayersIcon from '@material-ui/icons/Layers';
import { RegistryClient, registryApiRef } from './api';
import { rootRouteRef } from './routes';

const registryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      clientApiFactory(registryApiRef, deps => new RegistryClient(deps)),
    ),
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

const registryEntityContent = EntityContentBlueprint.make({
  name: 'images',
  params: {
    path: '/images',
    title: 'Images',
    // every component: the tab finds its repository, or offers to create one
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'component',
    loader: () =>
      import('./components/EntityRegistryContent').then(m => (
        <m.EntityRegistryContent />
      )),
  },
});

/**
 * The registry plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'registry',
  extensions: [registryApi, registryPage, registryEntityContent],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
