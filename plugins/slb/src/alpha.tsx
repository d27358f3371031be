import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import DnsIcon from '@material-ui/icons/Dns';
import { SlbClient, slbApiRef } from './api';
import { rootRouteRef } from './routes';

const slbApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: slbApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SlbClient(deps),
    }),
});

/** The page; its title and icon also make the sidebar's "Domains" item. */
const slbPage = PageBlueprint.make({
  params: {
    path: '/slb',
    title: 'Domains',
    icon: <DnsIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/SlbPage').then(m => <m.SlbPage />),
  },
});

/**
 * The slb plugin for Backstage's new frontend system: the API and the domains pages (with their
 * sidebar item).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'slb',
  extensions: [slbApi, slbPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
