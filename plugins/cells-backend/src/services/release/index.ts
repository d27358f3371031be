export {
  GateSourceRegistry,
  escapePromqlString,
  renderGateQuery,
} from './GateSource';
export type {
  GateQuery,
  GateQueryVariables,
  GateSource,
  GateValue,
} from './GateSource';
export { PrometheusGateSource } from './PrometheusGateSource';
export type { PrometheusGateSourceOptions } from './PrometheusGateSource';
export { cellsReleaseGateSourcesExtensionPoint } from './extensions';
export type { CellsReleaseGateSourcesExtensionPoint } from './extensions';
export { ReleaseEngine } from './ReleaseEngine';
export type { ReleaseEngineOptions } from './ReleaseEngine';
export { ReleaseDriver } from './ReleaseDriver';
export type { ReleaseDriverOptions } from './ReleaseDriver';
export { ReleaseService } from './ReleaseService';
export type { ReleaseServiceOptions } from './ReleaseService';
export { createReleaseRouter } from './createReleaseRouter';
export type { ReleaseRouterOptions } from './createReleaseRouter';
export { createReleaseServices } from './createReleaseServices';
export type {
  ReleaseServices,
  ReleaseServicesOptions,
} from './createReleaseServices';
export {
  canaryTarget,
  MAX_METRIC_GATES_PER_STEP,
  MIN_GATE_INTERVAL_SECONDS,
} from './planning';
export { DEFAULT_PROMQL_LIMITS, scopePromql } from './promqlScope';
export type { PromqlLimits, PromqlScope } from './promqlScope';
export type { ReleaseListener } from './ReleaseListener';
export { NotifyingReleaseListener } from './NotifyingReleaseListener';
