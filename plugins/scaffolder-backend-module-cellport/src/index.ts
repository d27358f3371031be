/**
 * Cellport scaffolder actions: git publishing, catalog registration, image repositories, builds,
 * apps, versions, domains and alerts created on behalf of the user running a template, with dry
 * run and idempotent reruns.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCellport as default } from './module';
export {
  createBuildsConfigAction,
  createBuildsStartAction,
  createCatalogRegisterAction,
  createCellportActions,
  createPublishLocalGitAction,
  createCellsAppAction,
  createCellsAppAddCellAction,
  createCellsVersionDeployAction,
  createRegistryRepositoryAction,
  createSlbDomainAction,
  createObservabilityAlertsAction,
} from './actions';
export type { CatalogRegisterDeps, CellportActionsDeps } from './actions';
export type { CellportApiDeps } from './api/CellportApi';
