/**
 * The Cellport observability backend plugin: per-app Prometheus dashboards built from named
 * templates scoped to the app, alert thresholds checked by promtool and loaded into Prometheus, and
 * Alertmanager's webhook notifying the app's Owners and Masters.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { createRouter } from './router';
export type { ObservabilityRouterOptions } from './router';
export { DashboardService, rangeBounds } from './services/dashboards/DashboardService';
export type { DashboardServiceOptions } from './services/dashboards/DashboardService';
export {
  PrometheusClient,
  PrometheusUnavailableError,
} from './services/dashboards/PrometheusClient';
export type { PrometheusClientOptions, RangeSeries } from './services/dashboards/PrometheusClient';
export { alertQuery, appMatchers, panelQuery, SPLIT_LABELS } from './services/dashboards/templates';
export { renderRuleFile, ruleFileName, alertName } from './services/alerts/renderRules';
export { RuleLoader } from './services/alerts/RuleLoader';
export type { RuleLoaderOptions } from './services/alerts/RuleLoader';
export { AlertRuleService } from './services/alerts/AlertRuleService';
export { AlertReceiver, alertmanagerWebhookSchema } from './services/alerts/AlertReceiver';
export type { WebhookOutcome } from './services/alerts/AlertReceiver';
export { AppMembers } from './services/alerts/AppMembers';
export { AlertStore } from './database/AlertStore';
export { applyMigrations } from './database/migrations';
export { cellsModuleSkyWalkingGate } from './cellsModule';
export { SkyWalkingGateSource } from './services/skywalking/SkyWalkingGateSource';
export { SkyWalkingService } from './services/skywalking/SkyWalkingService';
export { SkyWalkingClient } from './services/skywalking/SkyWalkingClient';
