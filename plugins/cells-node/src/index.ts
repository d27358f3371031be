/**
 * The Cellport cells plugin's extension points and the interfaces adopters implement: the cell
 * supplier (which clusters, with which auth) and its default from app-config, how to reach a cell
 * with `@kubernetes/client-node`, the traffic hook (load balancers draining pods), the image pull
 * credentials provider, and the release gate sources.
 *
 * @packageDocumentation
 */
export type { CellConfig, CellSupplier } from './cells';
export { ConfigCellSupplier } from './ConfigCellSupplier';
export {
  kubeConfigForCell,
  PooledKubeAuthentication,
  pooledConfiguration,
} from './kubeConfigForCell';
export { cellsTrafficHookExtensionPoint } from './trafficHook';
export type { CellsTrafficHookExtensionPoint, TrafficHook } from './trafficHook';
export type {
  PullCredentials,
  PullCredentialsProvider,
  PullCredentialsRequest,
} from './pullCredentials';
export { escapePromqlString, renderGateQuery } from './gates';
export type {
  GateQuery,
  GateQueryVariables,
  GateSource,
  GateValue,
} from './gates';
export { cellsReleaseGateSourcesExtensionPoint } from './gateSourcesExtension';
export type { CellsReleaseGateSourcesExtensionPoint } from './gateSourcesExtension';
export {
  cellsCellSupplierExtensionPoint,
  cellsPullCredentialsExtensionPoint,
} from './extensions';
export type {
  CellsCellSupplierExtensionPoint,
  CellsPullCredentialsExtensionPoint,
} from './extensions';
export type {
  AppCellPlacement,
  AppPlacement,
  CellReachability,
  CellsScalingService,
} from './scaling';
export { cellsScalingServiceRef, HttpCellsScalingService } from './scalingService';
export {
  cellsTrafficSharesServiceRef,
  HttpCellsTrafficShares,
} from './trafficShares';
export type { CellsTrafficShares, TrafficShare } from './trafficShares';
