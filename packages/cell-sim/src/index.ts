/**
 * Simulated Kubernetes cells for Cellport development and tests.
 *
 * @packageDocumentation
 */

export { startSimulator, DEFAULT_TIMINGS } from './simulator';
export type { Simulator, SimulatedCell, SimulatorOptions } from './simulator';
export { Cell } from './cell/Cell';
export type { CellOptions, CellTimings, NodeOptions } from './cell/Cell';
export { buildKubeconfig } from './kubeconfig';
export type { KubeconfigCell } from './kubeconfig';
export type { PodTarget } from './kubelet/Kubelet';
export { main as runCli } from './cli/main';
