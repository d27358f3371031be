/**
 * Cellport observability frontend plugin: per-app dashboards across cells, versions and pods, alert
 * thresholds and their history. The new frontend system plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export { observabilityPlugin, ObservabilityPage, EntityObservabilityContent } from './plugin';
export { isObservabilityAvailable } from './components/entity/isObservabilityAvailable';
export { AppObservability } from './components/AppObservability';
export { observabilityApiRef, ObservabilityClient } from './api';
export type { ObservabilityApi, DashboardRequest } from './api';
