import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the observability page. @public */
export const rootRouteRef = createRouteRef({ id: 'observability' });
