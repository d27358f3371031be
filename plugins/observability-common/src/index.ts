/**
 * Types and request schemas shared by the Cellport observability frontend and backend: dashboard
 * panels, ranges and splits, alert rules and alert events.
 *
 * @packageDocumentation
 */
export * from './panels';
export * from './dashboard';
export * from './alerts';
export * from './skywalking';
export {
  createObservabilityApiClient,
  type ObservabilityApiClient,
} from './client/createObservabilityApiClient';
export type { paths as ObservabilityApiPaths } from './generated/openapi';
