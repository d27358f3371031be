export { adminApiRef } from './AdminApi';
export type { AdminApi } from './AdminApi';
export { AdminClient } from './AdminClient';
export type * from './types';
