/** The builds plugin's admin view routes and the queries behind them. */
export { createAdminRouter } from './createAdminRouter';
export { BuildOperations, lastDays } from './BuildOperations';
