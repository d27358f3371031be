import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the platform admin page. @public */
export const rootRouteRef = createRouteRef({ id: 'cellport-admin' });
