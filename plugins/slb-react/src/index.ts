/**
 * Cellport load balancing for frontend plugins: the slb API reference and its HTTP client, the
 * route reference of the slb pages, and the Domains card other pages embed (the cells app page
 * shows it when the slb plugin is installed).
 *
 * @packageDocumentation
 */
export { slbApiRef, SlbClient } from './api';
export type { SlbApi, DomainListItem } from './api';
export { slbRootRouteRef } from './routes';
export { DomainsCard } from './components/DomainsCard';
export type { DomainsCardProps } from './components/DomainsCard';
