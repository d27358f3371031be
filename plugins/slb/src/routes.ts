/** The slb pages' root (`/slb`): the route reference of the slb-react package. @public */
export { slbRootRouteRef as rootRouteRef } from '@cellport/plugin-slb-react';
