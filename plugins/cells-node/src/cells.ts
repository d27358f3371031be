/**
 * How to reach one cell.
 *
 * @public
 */
export interface CellConfig {
  name: string;
  region: string;
  apiUrl?: string;
  token?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  kubeconfigFile?: string;
  kubeconfigContext?: string;
  simulated: boolean;
}

/**
 * Supplies the cells the portal drives. The default reads app-config; adopters implement this to load
 * cells from elsewhere (an inventory service, a cluster registry), like Backstage's
 * KubernetesClustersSupplier.
 *
 * @public
 */
export interface CellSupplier {
  /** The current cells; called on every check, so cells may come and go without a restart. */
  getCells(): Promise<CellConfig[]>;
}
