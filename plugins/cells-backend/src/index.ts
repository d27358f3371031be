/**
 * The Cellport cells backend plugin: regions and cells, apps and their versions across cells
 * (Kubernetes clusters driven through @kubernetes/client-node), the app views and health-gated
 * canary releases across cells.
 *
 * @packageDocumentation
 */
export { cellsPlugin as default } from './plugin';
export { createRouter } from './router';
export type { CellsRouterOptions } from './router';
export { cellsClustersReadPermission } from './permissions';
export { CellService } from './services/CellService';
export { CellStatusChecker } from './services/CellStatusChecker';
export { KubeCellWorkloads } from './services/kube/KubeCellWorkloads';
export type { KubeCellWorkloadsOptions } from './services/kube/KubeCellWorkloads';
export { KubeCellViews } from './services/kube/KubeCellViews';
export type { KubeCellViewsOptions } from './services/kube/KubeCellViews';
export { KubeCellDiagnostics } from './services/kube/KubeCellDiagnostics';
export { CellUnreachableError, toCellError } from './services/kube/errors';
export { CELLPORT_LABELS } from './services/kube/types';
export type {
  AppBase,
  CellDiagnostics,
  CellViews,
  CellWorkloads,
  CellWorkloadView,
  NamespaceState,
  PodLogOptions,
  TrafficHook,
  VersionToRun,
} from './services/kube/types';
export * from './services/kube/manifests';
export { KnexAppStore } from './database/KnexAppStore';
export { applyAppMigrations } from './database/migrations';
export type {
  AppListFilter,
  AppListing,
  AppStore,
  StoredApp,
} from './database/types';
export { AppService } from './services/apps/AppService';
export type { AppChange, NewApp } from './services/apps/AppService';
export { actorOf } from './services/apps/actor';
export { AppChecks } from './services/apps/AppChecks';
export { AppPullSecrets } from './services/apps/AppPullSecrets';
export { VersionService } from './services/apps/VersionService';
export type { NewVersion } from './services/apps/VersionService';
export { VersionScaling } from './services/apps/VersionScaling';
export type { ScaleTo } from './services/apps/VersionScaling';
export type {
  AppAccess,
  AppGuards,
  AppServiceOptions,
} from './services/apps/types';
export type { CellsApiRouter } from './routes/types';
export {
  dockerConfigJson,
  RegistryPullCredentials,
} from './services/apps/PullCredentials';
export type {
  PullCredentials,
  PullCredentialsProvider,
  PullCredentialsRequest,
  RegistryPullCredentialsOptions,
} from './services/apps/PullCredentials';
export {
  KnexPullRobotStore,
  MemoryPullRobotStore,
} from './services/apps/PullRobotStore';
export type {
  KnownPullRobot,
  PullRobotStore,
} from './services/apps/PullRobotStore';
export {
  cellportRegistryHosts,
  imageRepositoryOf,
  RegistryImageAccess,
} from './services/apps/ImageAccess';
export type { ImageAccessCheck } from './services/apps/ImageAccess';
export { AppViews, podLogQuerySchema } from './services/apps/AppViews';
export type { AppViewsOptions, PodLogQuery } from './services/apps/AppViews';
export * from './services/release';

// the cell supplier, cell access and extension points live in @cellport/plugin-cells-node;
// re-exported for modules written against this package
export {
  cellsCellSupplierExtensionPoint,
  cellsPullCredentialsExtensionPoint,
  cellsTrafficHookExtensionPoint,
  ConfigCellSupplier,
  kubeConfigForCell,
  PooledKubeAuthentication,
  pooledConfiguration,
} from '@cellport/plugin-cells-node';
export type {
  CellConfig,
  CellSupplier,
  CellsCellSupplierExtensionPoint,
  CellsPullCredentialsExtensionPoint,
  CellsTrafficHookExtensionPoint,
} from '@cellport/plugin-cells-node';
