import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { CellSupplier } from './cells';
import { PullCredentialsProvider } from './pullCredentials';

/**
 * Replaces where the cells come from (default: `cellport.cells.regions` in app-config): your
 * clusters, with your auth, like the Kubernetes plugin's clusters supplier.
 *
 * @public
 */
export interface CellsCellSupplierExtensionPoint {
  /** Sets the supplier; one only. */
  setCellSupplier(supplier: CellSupplier): void;
}

/**
 * The extension point of the cell supplier.
 *
 * @public
 */
export const cellsCellSupplierExtensionPoint =
  createExtensionPoint<CellsCellSupplierExtensionPoint>({
    id: 'cells.cell-supplier',
  });

/**
 * Replaces where apps' image pull secrets come from (default: a robot of the Cellport registry
 * plugin): another registry's credentials.
 *
 * @public
 */
export interface CellsPullCredentialsExtensionPoint {
  /** Sets the provider; one only. */
  setPullCredentialsProvider(provider: PullCredentialsProvider): void;
}

/**
 * The extension point of the image pull credentials provider.
 *
 * @public
 */
export const cellsPullCredentialsExtensionPoint =
  createExtensionPoint<CellsPullCredentialsExtensionPoint>({
    id: 'cells.pull-credentials',
  });
