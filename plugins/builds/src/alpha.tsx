import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { CELLPORT_ANNOTATIONS } from '@cellport/common';
import BuildIcon from '@material-ui/icons/Build';
import { BuildsClient, buildsApiRef } from './api';
import { rootRouteRef } from './routes';

const buildsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      clientApiFactory(buildsApiRef, deps => new BuildsClient(deps)),
    ),
});

const buildsPage = PageBlueprint.make({
  params: {
    path: '/builds',
    title: 'Builds',
    icon: <BuildIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/BuildsPage').then(m => <m.BuildsPage />),
  },
});

const buildsEntityContent = EntityContentBlueprint.make({
  name: 'builds',
  params: {
    path: '/builds',
    title: 'Builds',
    filter: entity =>
      Boolean(entity.metadata.annotations?.[CELLPORT_ANNOTATIONS.build]),
    loader: () =>
      import('./components/EntityBuildsContent').then(m => (
        <m.EntityBuildsContent />
      )),
  },
});

/**
 * The builds plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'builds',
  extensions: [buildsApi, buildsPage, buildsEntityContent],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
