/**
 * Cellport scaffolder actions: image repositories, apps and versions created on behalf of the
 * user running a template, with dry run and idempotent reruns.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCellport as default } from './module';
export {
  createCellportActions,
  createCellsAppAction,
  createCellsVersionDeployAction,
  createRegistryRepositoryAction,
  createSlbDomainAction,
  createObservabilityAlertsAction,
  DEFAULT_ALERT_RULES,
} from './actions';
export { CellportApi } from './api/CellportApi';
export type { CellportApiDeps, CellportPluginId } from './api/CellportApi';
