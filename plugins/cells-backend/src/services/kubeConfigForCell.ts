import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import { CellConfig } from './CellSupplier';

/**
 * Builds the @kubernetes/client-node configuration of one cell: from its kubeconfig file (and context),
 * or from API URL, token and CA. All requests made through it share one connection pool.
 *
 * @public
 */
export function kubeConfigForCell(cell: CellConfig): KubeConfig {
  const kc = shareConnectionPool(new KubeConfig());
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

type DispatcherFactory = (cluster: unknown, agentOptions: unknown) => unknown;

/**
 * Makes a KubeConfig hand out one connection pool for all its requests. @kubernetes/client-node
 * 2.0 builds a new undici Agent per request whenever the cluster has TLS options (a CA, skip-TLS),
 * so every call opened (and left idle) its own connection, with a TLS handshake on real clusters;
 * the benchmark ran out of file descriptors. The options are the same for every request of one
 * KubeConfig (same cluster and user), so one pool is correct.
 */
export function shareConnectionPool(kc: KubeConfig): KubeConfig {
  const target = kc as unknown as { createDispatcher: DispatcherFactory };
  const create = target.createDispatcher.bind(kc);
  let shared: { dispatcher: unknown } | undefined;
  target.createDispatcher = (cluster, agentOptions) => {
    shared ??= { dispatcher: create(cluster, agentOptions) };
    return shared.dispatcher;
  };
  return kc;
}
