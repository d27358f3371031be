/** How to reach a cell with @kubernetes/client-node: its KubeConfig, sharing one connection pool. */
import {
  Configuration,
  createConfiguration,
  KubeConfig,
  Middleware,
  RequestContext,
  SecurityAuthentication,
  ServerConfiguration,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import { CellConfig } from './cells';

/**
 * Builds the @kubernetes/client-node configuration of one cell: from its kubeconfig file (and context),
 * or from API URL, token and CA. Wrap it in {@link PooledKubeAuthentication} (see
 * {@link pooledConfiguration}) so that its requests share one connection pool.
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

/**
 * The kubeconfig's authentication with one connection pool for every request: a
 * `SecurityAuthentication` (the public hook `createConfiguration({ authMethods })` takes) that
 * lets the KubeConfig authenticate each request as usual, then hands the request the dispatcher
 * (undici pool) of the first one. @kubernetes/client-node 2.0 builds a new pool per request
 * whenever the cluster has TLS options (a CA, skip-TLS), so every call opened (and left idle) its
 * own connection, with a TLS handshake on real clusters; the benchmark ran out of file
 * descriptors. The TLS options are the same for every request of one KubeConfig (same cluster and
 * user; tokens travel in headers, set per request), so one pool is correct.
 *
 * @public
 */
export class PooledKubeAuthentication implements SecurityAuthentication {
  private dispatcher: unknown;

  constructor(readonly kc: KubeConfig) {}

  getName(): string {
    return 'kubeconfig authentication (one connection pool)';
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await this.kc.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    if (fresh === undefined) return;
    if (this.dispatcher === undefined) {
      this.dispatcher = fresh;
      return;
    }
    if (fresh !== this.dispatcher) {
      // a fresh pool has no connection yet: closing it costs nothing
      void (fresh as { close?: () => Promise<void> }).close?.();
      context.setDispatcher(this.dispatcher as typeof fresh);
    }
  }
}

/**
 * A client-node API configuration for the KubeConfig's current cluster that authenticates with
 * `auth` (one connection pool), with optional middleware (timeouts).
 *
 * @public
 */
export function pooledConfiguration(
  auth: PooledKubeAuthentication,
  promiseMiddleware: Middleware[] = [],
): Configuration {
  const cluster = auth.kc.getCurrentCluster();
  if (!cluster) {
    throw new Error('the kubeconfig has no current cluster');
  }
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: auth },
    promiseMiddleware,
  });
}
