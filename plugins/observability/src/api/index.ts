export { observabilityApiRef } from './ObservabilityApi';
export type { ObservabilityApi, DashboardRequest, TraceListRequest } from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
