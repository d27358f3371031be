import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the cells page. @public */
export const rootRouteRef = createRouteRef({ id: 'cells' });
