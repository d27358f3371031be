export { cellsApiRef } from './CellsApi';
export type { CellsApi, PodLogOptions } from './CellsApi';
export { CellsClient } from './CellsClient';
