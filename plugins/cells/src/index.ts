/**
 * Cellport cells frontend plugin. The new frontend system plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export { cellsPlugin, CellsPage } from './plugin';
export { cellsApiRef, CellsClient } from './api';
export type { CellsApi } from './api';
