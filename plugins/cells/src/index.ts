/**
 * Cellport cells frontend plugin: apps, versions and health-gated releases across cells, and the
 * regions and cells they run in. The new frontend system plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export { cellsPlugin, CellsPage, EntityCellsAppContent } from './plugin';
export { isCellsAppAvailable } from './components/entity/isCellsAppAvailable';
export { cellsApiRef, CellsClient } from './api';
export type { CellsApi, PageOptions, PodLogOptions } from './api';
