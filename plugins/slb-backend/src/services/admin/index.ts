/** The slb plugin's admin view routes and the services behind them. */
export { createAdminRouter } from './createAdminRouter';
export { SpecialConfigs } from './SpecialConfigs';
export type { SpecialConfigSources } from './SpecialConfigs';
