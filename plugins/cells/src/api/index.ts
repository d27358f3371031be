export { cellsApiRef } from './CellsApi';
export type {
  CellsApi,
  ImageTagList,
  PageOptions,
  PodLogOptions,
} from './CellsApi';
export { CellsClient } from './CellsClient';
