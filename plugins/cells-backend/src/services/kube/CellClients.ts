import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Middleware,
  VersionApi,
} from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import {
  CellConfig,
  CellSupplier,
  kubeConfigForCell,
  PooledKubeAuthentication,
  pooledConfiguration,
} from '@cellport/plugin-cells-node';

/**
 * The @kubernetes/client-node clients of one cell. Every request through them is bounded by the
 * cache's request timeout.
 *
 * @public
 */
export interface CellClient {
  cell: CellConfig;
  kc: KubeConfig;
  /** The kubeconfig's authentication with the cell's one connection pool. */
  auth: PooledKubeAuthentication;
  core: CoreV1Api;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  discovery: DiscoveryV1Api;
  version: VersionApi;
  /** For server-side apply of any object. */
  objects: KubernetesObjectApi;
}

/** Aborts every request that takes longer than `timeoutMs`. */
function timeoutMiddleware(timeoutMs: number): Middleware {
  return {
    async pre(context) {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return context;
    },
    async post(context) {
      return context;
    },
  };
}

/**
 * Builds and caches the clients of every cell from the {@link CellSupplier}; a cell whose config
 * changed gets new clients, a cell that disappeared is forgotten.
 *
 * @public
 */
export class CellClients {
  private readonly cache = new Map<
    string,
    { key: string; client: CellClient }
  >();

  constructor(
    private readonly supplier: CellSupplier,
    private readonly requestTimeoutMs: number,
  ) {}

  /** The clients of a cell; NotFoundError when no region has it. */
  async get(name: string): Promise<CellClient> {
    const cells = await this.supplier.getCells();
    const names = new Set(cells.map(c => c.name));
    for (const cached of this.cache.keys()) {
      if (!names.has(cached)) {
        this.cache.delete(cached);
      }
    }
    const cell = cells.find(c => c.name === name);
    if (!cell) {
      throw new NotFoundError(`no cell named '${name}'`);
    }
    const key = JSON.stringify(cell);
    const cached = this.cache.get(name);
    if (cached?.key === key) {
      return cached.client;
    }
    const client = this.build(cell);
    this.cache.set(name, { key, client });
    return client;
  }

  /** Clients with a different timeout (e.g. a short reachability check), not cached. */
  async withTimeout(name: string, timeoutMs: number): Promise<CellClient> {
    const { cell, auth } = await this.get(name);
    // the same authentication, so the same connection pool
    return this.build(cell, timeoutMs, auth);
  }

  private build(
    cell: CellConfig,
    timeoutMs = this.requestTimeoutMs,
    auth = new PooledKubeAuthentication(kubeConfigForCell(cell)),
  ): CellClient {
    if (!auth.kc.getCurrentCluster()) {
      throw new NotFoundError(
        `cell '${cell.name}' has no cluster in its kubeconfig`,
      );
    }
    const configuration = pooledConfiguration(auth, [
      timeoutMiddleware(timeoutMs),
    ]);
    return {
      cell,
      kc: auth.kc,
      auth,
      core: new CoreV1Api(configuration),
      apps: new AppsV1Api(configuration),
      autoscaling: new AutoscalingV2Api(configuration),
      discovery: new DiscoveryV1Api(configuration),
      version: new VersionApi(configuration),
      objects: new KubernetesObjectApi(configuration),
    };
  }
}
