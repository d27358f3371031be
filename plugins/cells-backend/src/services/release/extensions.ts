// the extension point lives in @cellport/plugin-cells-node (modules import it from there)
export { cellsReleaseGateSourcesExtensionPoint } from '@cellport/plugin-cells-node';
export type { CellsReleaseGateSourcesExtensionPoint } from '@cellport/plugin-cells-node';
