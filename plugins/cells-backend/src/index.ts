/**
 * The Cellport cells backend plugin: regions and cells, their reachability, version, capacity, usage.
 *
 * @packageDocumentation
 */
export { cellsPlugin as default } from './plugin';
export { createRouter } from './router';
export { CellService } from './services/CellService';
export { CellStatusChecker } from './services/CellStatusChecker';
export { ConfigCellSupplier } from './services/CellSupplier';
export type { CellConfig, CellSupplier } from './services/CellSupplier';
export { kubeConfigForCell } from './services/kubeConfigForCell';
