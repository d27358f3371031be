import { createRouteRef } from '@backstage/core-plugin-api';

/** The slb pages' root (`/slb`). @public */
export const rootRouteRef = createRouteRef({ id: 'slb' });
