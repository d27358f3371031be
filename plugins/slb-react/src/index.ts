/**
 * Cellport load balancing for frontend plugins: the slb API reference and its HTTP client, the
 * route reference of the slb pages, and the Domains card other pages embed (the cells app page
 * shows it when the slb plugin is installed).
 *
 * @packageDocumentation
 */
export { createSlbApiClient, slbApiRef, SlbClient } from './api';
export type { DomainListItem, SlbApi, SlbApiClient } from './api';
export type { paths as SlbApiPaths } from './generated/openapi';
export { slbRootRouteRef } from './routes';
export { DomainsCard } from './components/DomainsCard';
export type { DomainsCardProps } from './components/DomainsCard';
