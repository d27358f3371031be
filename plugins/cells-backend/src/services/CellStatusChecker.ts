import {
  Configuration,
  CoreV1Api,
  V1Pod,
  VersionApi,
} from '@kubernetes/client-node';
import {
  CellResources,
  CellStatus,
  cpuMillis,
  memoryBytes,
  NodeSummary,
} from '@cellport/plugin-cells-common';
import {
  CellConfig,
  kubeConfigForCell,
  PooledKubeAuthentication,
  pooledConfiguration,
} from '@cellport/plugin-cells-node';

/**
 * Checks one cell: API server version (reachability), nodes' allocatable resources (capacity) and
 * the requests of its running pods (usage).
 *
 * @public
 */
export class CellStatusChecker {
  /** One KubeConfig (and so one connection pool) per cell, renewed when its config changes. */
  private readonly configs = new Map<
    string,
    { key: string; configuration: Configuration }
  >();

  constructor(private readonly timeoutMs: number) {}

  /** The cell's API configuration, one connection pool per cell across checks. */
  private configuration(cell: CellConfig): Configuration {
    const key = JSON.stringify(cell);
    const cached = this.configs.get(cell.name);
    if (cached?.key === key) {
      return cached.configuration;
    }
    const configuration = pooledConfiguration(
      new PooledKubeAuthentication(kubeConfigForCell(cell)),
    );
    this.configs.set(cell.name, { key, configuration });
    return configuration;
  }

  async check(cell: CellConfig): Promise<CellStatus> {
    const checkedAt = new Date().toISOString();
    try {
      const configuration = this.configuration(cell);
      const version = await this.withTimeout(
        new VersionApi(configuration).getCode(),
      );
      const core = new CoreV1Api(configuration);
      const [nodes, pods] = await Promise.all([
        this.withTimeout(core.listNode()),
        this.withTimeout(core.listPodForAllNamespaces()),
      ]);
      const capacity: CellResources = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
      const nodeSummaries: NodeSummary[] = [];
      for (const node of nodes.items) {
        const allocatable = node.status?.allocatable ?? {};
        const own: CellResources = {
          cpuMillis: cpuMillis(allocatable.cpu),
          memoryBytes: memoryBytes(allocatable.memory),
          pods: Number(allocatable.pods ?? 0),
        };
        capacity.cpuMillis += own.cpuMillis;
        capacity.memoryBytes += own.memoryBytes;
        capacity.pods += own.pods;
        const name = node.metadata?.name ?? '';
        nodeSummaries.push({
          name,
          ready: Boolean(
            node.status?.conditions?.some(
              c => c.type === 'Ready' && c.status === 'True',
            ),
          ),
          schedulable: !node.spec?.unschedulable,
          allocatable: own,
          usage: sumRequests(pods.items.filter(p => p.spec?.nodeName === name)),
        });
      }
      return {
        checked: true,
        reachable: true,
        checkedAt,
        version: version.gitVersion,
        capacity,
        usage: sumRequests(pods.items),
        nodes: nodeSummaries.sort((a, b) => a.name.localeCompare(b.name)),
      };
    } catch (e) {
      return {
        checked: true,
        reachable: false,
        checkedAt,
        error: describeError(e),
      };
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function sumRequests(pods: V1Pod[]): CellResources {
  const usage: CellResources = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      continue;
    }
    usage.pods++;
    for (const container of pod.spec?.containers ?? []) {
      usage.cpuMillis += cpuMillis(container.resources?.requests?.cpu);
      usage.memoryBytes += memoryBytes(container.resources?.requests?.memory);
    }
  }
  return usage;
}

function describeError(e: unknown): string {
  const err = e as {
    code?: number;
    message?: string;
    cause?: { code?: string };
  };
  if (err?.cause?.code) {
    return `${err.cause.code}: ${err.message ?? ''}`.trim();
  }
  if (err?.code) {
    return `HTTP ${err.code}: ${String(err.message ?? '').split('\n')[0]}`;
  }
  return String(err?.message ?? e);
}
