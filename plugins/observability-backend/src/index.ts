/**
 * The Cellport observability backend plugin: per-app Prometheus dashboards built from named
 * templates scoped to the app, alert thresholds checked by promtool and loaded into Prometheus, and
 * Alertmanager's webhook notifying the app's Owners and Masters.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { cellsModuleSkyWalkingGate } from './cellsModule';
