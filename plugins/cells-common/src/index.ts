/**
 * Types and request schemas shared by the Cellport cells frontend and backend: regions and cells,
 * apps, versions, releases and the app views.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './quantity';
export * from './apps';
export * from './releases';
export * from './gatePresets';
export * from './views';
export * from './admin';
export * from './client/createCellsApiClient';
export type {
  paths as CellsApiPaths,
  components as CellsApiComponents,
  operations as CellsApiOperations,
} from './generated/openapi';
