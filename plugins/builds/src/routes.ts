import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the builds pages. @public */
export const rootRouteRef = createRouteRef({ id: 'builds' });
