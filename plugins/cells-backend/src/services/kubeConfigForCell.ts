import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import { CellConfig } from './CellSupplier';

/**
 * Builds the @kubernetes/client-node configuration of one cell: from its kubeconfig file (and context),
 * or from API URL, token and CA.
 *
 * @public
 */
export function kubeConfigForCell(cell: CellConfig): KubeConfig {
  const kc = new KubeConfig();
  if (cell.kubeconfigFile) {
    kc.loadFromString(fs.readFileSync(cell.kubeconfigFile, 'utf8'));
    if (cell.kubeconfigContext) {
      kc.setCurrentContext(cell.kubeconfigContext);
    }
    return kc;
  }
  let caData: string | undefined;
  if (cell.caData) {
    caData = Buffer.from(cell.caData).toString('base64');
  } else if (cell.caFile) {
    caData = fs.readFileSync(cell.caFile).toString('base64');
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: cell.name,
        server: cell.apiUrl!,
        caData,
        skipTLSVerify: cell.skipTLSVerify,
      },
    ],
    users: [{ name: cell.name, token: cell.token }],
    contexts: [{ name: cell.name, cluster: cell.name, user: cell.name }],
    currentContext: cell.name,
  });
  return kc;
}
