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
} from '@cellport/plugin-observability-common';

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
}

/**
 * The {@link ObservabilityApi} reference.
 *
 * @public
 */
export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.api',
});
