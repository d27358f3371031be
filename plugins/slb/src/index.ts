/**
 * Cellport load balancing frontend: domains of apps (CNAME, VIP, rendered Nginx configuration,
 * upstream servers by cell and version, each host's convergence). The new frontend system plugin
 * is the `./alpha` export.
 *
 * @packageDocumentation
 */
export { slbPlugin, SlbPage, EntitySlbDomainContent } from './plugin';
export { isSlbDomainAvailable } from './components/entity/isSlbDomainAvailable';
export { slbApiRef, SlbClient } from './api';
export type { SlbApi, DomainListItem } from './api';
export { rootRouteRef } from './routes';
