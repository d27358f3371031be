import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import AdminIcon from '@material-ui/icons/SupervisorAccount';
import { AdminClient, adminApiRef } from './api';
import { rootRouteRef } from './routes';

const adminApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: adminApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AdminClient(deps),
    }),
});

/** The page; its title and icon also make the sidebar's "Platform admin" item (`page:cellport-admin`). */
const adminPage = PageBlueprint.make({
  params: {
    path: '/cellport-admin',
    title: 'Platform admin',
    icon: <AdminIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/AdminPage').then(m => <m.AdminPage />),
  },
});

/**
 * The platform admin plugin for Backstage's new frontend system: the API and the
 * `/cellport-admin` page (not found for anyone outside `cellport.platformAdminGroup`).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'cellport-admin',
  extensions: [adminApi, adminPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
