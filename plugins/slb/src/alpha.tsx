import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { clientApiFactory } from '@cellport/plugin-access-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import DnsIcon from '@material-ui/icons/Dns';
import { SlbClient, slbApiRef } from './api';
import { rootRouteRef } from './routes';
import { isSlbDomainAvailable } from './components/entity/isSlbDomainAvailable';

const slbApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(clientApiFactory(slbApiRef, deps => new SlbClient(deps))),
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

const slbEntityContent = EntityContentBlueprint.make({
  name: 'domain',
  params: {
    path: '/domain',
    title: 'Domain',
    filter: isSlbDomainAvailable,
    loader: () =>
      import('./components/entity/EntitySlbDomainContent').then(m => (
        <m.EntitySlbDomainContent />
      )),
  },
});

/**
 * The slb plugin for Backstage's new frontend system: the API, the domains pages (with their
 * sidebar item) and the Domain tab of entities annotated `cellport.io/domain`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'slb',
  extensions: [slbApi, slbPage, slbEntityContent],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
