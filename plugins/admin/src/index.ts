/**
 * Cellport platform admin frontend plugin: operations per day and the latest failures, cell
 * capacity per region, quotas per owner group and LB special configuration. The new frontend
 * system plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export { adminPlugin, CellportAdminPage } from './plugin';
export { PlatformAdminOnly } from './components/PlatformAdminOnly';
export { adminApiRef, AdminClient } from './api';
export type * from './api';
