/**
 * The Cellport cells backend plugin: regions and cells, apps and their versions across cells
 * (Kubernetes clusters driven through `@kubernetes/client-node`), the app views and health-gated
 * canary releases across cells.
 *
 * @packageDocumentation
 */
export { cellsPlugin as default } from './plugin';
export { cellsClustersReadPermission } from './permissions';
