import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AlertEventList,
  AlertRule,
  AlertRuleInput,
  AlertRuleList,
  AlertRulesStatus,
  Dashboard,
  DashboardRange,
  DashboardSplit,
  PanelId,
  SkyWalkingEndpoint,
  SkyWalkingSpan,
  SkyWalkingTopology,
  SkyWalkingTraceSummary,
} from '@cellport/plugin-observability-common';

/**
 * Filters of {@link ObservabilityApi.listTraces}.
 *
 * @public
 */
export interface TraceListRequest {
  range: DashboardRange;
  state: 'ALL' | 'SUCCESS' | 'ERROR';
  minDurationMs?: number;
  endpoint?: string;
}

/**
 * Options of {@link ObservabilityApi.getDashboard}.
 *
 * @public
 */
export interface DashboardRequest {
  range: DashboardRange;
  split: DashboardSplit;
  panels?: PanelId[];
}

/**
 * The observability backend's API (`/api/observability`) plus the list of the user's apps (from
 * the cells plugin).
 *
 * @public
 */
export interface ObservabilityApi {
  /** Names of the apps the user sees. */
  listApps(): Promise<string[]>;
  getDashboard(app: string, request: DashboardRequest): Promise<Dashboard>;
  listAlertRules(app: string): Promise<AlertRuleList>;
  createAlertRule(
    app: string,
    rule: AlertRuleInput,
  ): Promise<{ rule: AlertRule; status: AlertRulesStatus }>;
  updateAlertRule(
    app: string,
    id: string,
    rule: AlertRuleInput,
  ): Promise<{ rule: AlertRule; status: AlertRulesStatus }>;
  deleteAlertRule(app: string, id: string): Promise<{ status: AlertRulesStatus }>;
  listAlertHistory(app: string): Promise<AlertEventList>;
  getTopology(app: string, range: DashboardRange): Promise<SkyWalkingTopology>;
  listTraces(app: string, request: TraceListRequest): Promise<{ items: SkyWalkingTraceSummary[] }>;
  getTrace(app: string, traceId: string): Promise<{ spans: SkyWalkingSpan[] }>;
  listEndpoints(app: string, range: DashboardRange): Promise<{ items: SkyWalkingEndpoint[] }>;
}

/**
 * The {@link ObservabilityApi} reference.
 *
 * @public
 */
export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.api',
});
