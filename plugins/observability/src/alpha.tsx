import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { ObservabilityClient, observabilityApiRef } from './api';
import { isObservabilityAvailable } from './components/entity/isObservabilityAvailable';
import { rootRouteRef } from './routes';

const observabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      clientApiFactory(
        observabilityApiRef,
        deps => new ObservabilityClient(deps),
      ),
    ),
});

/** The page; its title and icon also make the sidebar's "Observability" item. */
const observabilityPage = PageBlueprint.make({
  params: {
    path: '/observability',
    title: 'Observability',
    icon: <TimelineIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/ObservabilityRouter').then(m => (
        <m.ObservabilityRouter />
      )),
  },
});

const observabilityEntityContent = EntityContentBlueprint.make({
  name: 'app',
  params: {
    path: '/observability',
    title: 'Observability',
    filter: isObservabilityAvailable,
    loader: () =>
      import('./components/entity/EntityObservabilityContent').then(m => (
        <m.EntityObservabilityContent />
      )),
  },
});

/**
 * The observability plugin for Backstage's new frontend system: the API, the page (the user's
 * apps, one page per app with dashboards and alerts) and the entity tab of Components annotated
 * `cellport.io/app`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'observability',
  extensions: [observabilityApi, observabilityPage, observabilityEntityContent],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
