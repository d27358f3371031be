import { V1Container, V1Node, V1Pod } from '@kubernetes/client-node';
import {
  CapacityReport,
  CellCapacity,
  cpuMillis,
  memoryBytes,
  ResourceAmounts,
} from '@cellport/plugin-cells-common';
import { CellSupplier } from '@cellport/plugin-cells-node';
import { CellClients } from '../kube/CellClients';

const zero = (): ResourceAmounts => ({ cpuMillis: 0, memoryBytes: 0, pods: 0 });

const isReady = (node: V1Node) =>
  Boolean(
    node.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
  );

function requestsOf(containers: V1Container[] | undefined) {
  return (containers ?? []).map(c => ({
    cpu: cpuMillis(c.resources?.requests?.cpu),
    memory: memoryBytes(c.resources?.requests?.memory),
  }));
}

/**
 * A pod's effective requests as the scheduler counts them: the larger of its containers' sum and
 * its largest init container, per resource.
 */
export function podRequests(pod: V1Pod): { cpuMillis: number; memoryBytes: number } {
  const main = requestsOf(pod.spec?.containers);
  const init = requestsOf(pod.spec?.initContainers);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    cpuMillis: Math.max(sum(main.map(c => c.cpu)), ...init.map(c => c.cpu), 0),
    memoryBytes: Math.max(
      sum(main.map(c => c.memory)),
      ...init.map(c => c.memory),
      0,
    ),
  };
}

/** Allocatable of the Ready nodes, and the requests of the non-terminated pods (v1.26 lists). */
export function capacityOf(nodes: V1Node[], pods: V1Pod[]) {
  const allocatable = zero();
  for (const node of nodes.filter(isReady)) {
    const a = node.status?.allocatable ?? {};
    allocatable.cpuMillis += cpuMillis(a.cpu);
    allocatable.memoryBytes += memoryBytes(a.memory);
    allocatable.pods += Number(a.pods ?? 0);
  }
  const requested = zero();
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const r = podRequests(pod);
    requested.pods++;
    requested.cpuMillis += r.cpuMillis;
    requested.memoryBytes += r.memoryBytes;
  }
  return { allocatable, requested };
}

/**
 * Reads every cell's capacity from its Kubernetes API (nodes and pods lists), cells in parallel;
 * a cell that does not answer is listed unreachable with the reason.
 *
 * @public
 */
export class CapacityReader {
  private readonly clients: CellClients;

  constructor(
    private readonly supplier: CellSupplier,
    requestTimeoutMs: number,
  ) {
    this.clients = new CellClients(supplier, requestTimeoutMs);
  }

  async report(): Promise<CapacityReport> {
    const cells = await this.supplier.getCells();
    const results = await Promise.all(
      cells.map(async (cell): Promise<[string, CellCapacity]> => {
        try {
          const { core } = await this.clients.get(cell.name);
          const [nodes, pods] = await Promise.all([
            core.listNode(),
            core.listPodForAllNamespaces(),
          ]);
          return [
            cell.region,
            { cell: cell.name, reachable: true, ...capacityOf(nodes.items, pods.items) },
          ];
        } catch (e) {
          return [
            cell.region,
            {
              cell: cell.name,
              reachable: false,
              error: e instanceof Error ? e.message.split('\n')[0] : String(e),
              allocatable: zero(),
              requested: zero(),
            },
          ];
        }
      }),
    );
    const regions = new Map<string, CellCapacity[]>();
    for (const [region, capacity] of results) {
      regions.set(region, [...(regions.get(region) ?? []), capacity]);
    }
    return {
      regions: [...regions.keys()].sort().map(region => ({
        region,
        cells: regions.get(region)!.sort((a, b) => a.cell.localeCompare(b.cell)),
      })),
    };
  }
}
