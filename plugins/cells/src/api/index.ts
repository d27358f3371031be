export { cellsApiRef } from './CellsApi';
export type { CellsApi, ImageTagList, PodLogOptions } from './CellsApi';
export { CellsClient } from './CellsClient';
