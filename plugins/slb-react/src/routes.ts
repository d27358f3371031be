import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The slb pages' root (`/slb`; a domain's page is `domains/:name` below it). Defined here so that
 * other plugins link to a domain without depending on the slb plugin.
 *
 * @public
 */
export const slbRootRouteRef = createRouteRef({ id: 'slb' });
