import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the registry page. @public */
export const rootRouteRef = createRouteRef({ id: 'registry' });
