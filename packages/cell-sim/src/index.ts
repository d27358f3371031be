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
export { cellScrapeConfigs, cellRelabelConfigs, renderScrapeConfigs } from './prometheus/scrapeConfigs';
export type {
  CellScrapeConfigOptions, PodDiscoveryMode, PrometheusCell, PrometheusScrapeConfig, RelabelConfig,
} from './prometheus/scrapeConfigs';
export { podTargetGroups, sanitizeLabelName } from './prometheus/podTargets';
export type { ContainerForTargets, HttpSdTargetGroup, PodForTargets } from './prometheus/podTargets';
export { PodDiscovery, DiscoveryUnavailableError, startPodDiscoveryServer } from './prometheus/PodDiscovery';
export type { DiscoveryCell, PodDiscoveryOptions, PodDiscoveryServer } from './prometheus/PodDiscovery';
export { detectPodDiscoveryMode } from './prometheus/detect';
