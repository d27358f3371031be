export { observabilityApiRef } from './ObservabilityApi';
export type { ObservabilityApi, DashboardRequest } from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
