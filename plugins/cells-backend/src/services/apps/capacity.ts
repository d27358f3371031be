import { InputError } from '@backstage/errors';
import {
  CellResources,
  CellStatus,
  cpuMillis,
  memoryBytes,
  VersionSpec,
} from '@cellport/plugin-cells-common';

const GiB = 1024 ** 3;

/** CPU millicores as text: `500m`, `2 cores`, `0.5 cores`. */
export function coresText(millis: number): string {
  const cores = millis / 1000;
  const text = Number.isInteger(cores)
    ? String(cores)
    : String(Number(cores.toFixed(3)));
  return `${text} ${cores === 1 ? 'core' : 'cores'}`;
}

/** Bytes as GiB (or MiB below 1 GiB). */
export function memoryText(bytes: number): string {
  if (bytes >= GiB) {
    return `${Number((bytes / GiB).toFixed(1))} GiB`;
  }
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** How many pods requesting `cpu`/`memory` one node (or a whole cell) can take. */
export function podsFitting(
  allocatable: CellResources,
  cpu: number,
  memory: number,
): number {
  const limits = [allocatable.pods];
  if (cpu > 0) limits.push(Math.floor(allocatable.cpuMillis / cpu));
  if (memory > 0) limits.push(Math.floor(allocatable.memoryBytes / memory));
  return Math.max(0, Math.min(...limits));
}

/**
 * How many pods of a version's size the cell's nodes can hold at most, ignoring what else runs
 * there: per node when the nodes are known (a pod never spans nodes), else over the whole cell.
 * Undefined when the cell's capacity is unknown (not checked yet, or unreachable).
 */
export function maxReplicasIn(
  status: CellStatus | undefined,
  spec: Pick<VersionSpec, 'resources'>,
): number | undefined {
  const cpu = cpuMillis(spec.resources.requests.cpu);
  const memory = memoryBytes(spec.resources.requests.memory);
  const nodes = (status?.nodes ?? []).filter(n => n.schedulable);
  if (nodes.length > 0) {
    return nodes.reduce(
      (sum, n) => sum + podsFitting(n.allocatable, cpu, memory),
      0,
    );
  }
  return status?.capacity
    ? podsFitting(status.capacity, cpu, memory)
    : undefined;
}

/**
 * Refuses (InputError) a version whose pods or replicas cannot fit the allocatable capacity of a
 * cell: a pod's requests above what the largest node allocates, or more replicas (autoscaling:
 * its maximum) than the cell's nodes can hold. The message says what fits. Cells whose capacity
 * is unknown are not judged.
 */
export function checkVersionFits(
  spec: Pick<VersionSpec, 'resources' | 'replicas' | 'autoscaling'>,
  statuses: Record<string, CellStatus | undefined>,
): void {
  const cpu = cpuMillis(spec.resources.requests.cpu);
  const memory = memoryBytes(spec.resources.requests.memory);
  for (const [cell, replicas] of Object.entries(spec.replicas)) {
    const status = statuses[cell];
    const nodes = (status?.nodes ?? []).filter(n => n.schedulable);
    if (nodes.length > 0) {
      const maxCpu = Math.max(...nodes.map(n => n.allocatable.cpuMillis));
      const maxMemory = Math.max(...nodes.map(n => n.allocatable.memoryBytes));
      if (cpu > maxCpu) {
        throw new InputError(
          `a pod requests ${coresText(
            cpu,
          )} of CPU, but the largest node of cell '${cell}' allocates ${coresText(
            maxCpu,
          )} to pods: request at most ${coresText(maxCpu)}`,
        );
      }
      if (memory > maxMemory) {
        throw new InputError(
          `a pod requests ${memoryText(
            memory,
          )} of memory, but the largest node of cell '${cell}' allocates ${memoryText(
            maxMemory,
          )} to pods: request at most ${memoryText(maxMemory)}`,
        );
      }
    }
    const wanted = Math.max(replicas, spec.autoscaling?.maxReplicas ?? 0);
    const fits = maxReplicasIn(status, spec);
    if (fits === undefined || wanted <= fits) {
      continue;
    }
    const capacity = status!.capacity;
    const what =
      spec.autoscaling && wanted > replicas
        ? `autoscaling up to ${wanted} replicas`
        : `${wanted} replicas`;
    throw new InputError(
      `cell '${cell}' fits at most ${fits} replicas of ${coresText(
        cpu,
      )} and ${memoryText(memory)} each${
        capacity
          ? ` (its nodes allocate ${coresText(
              capacity.cpuMillis,
            )}, ${memoryText(capacity.memoryBytes)} and ${
              capacity.pods
            } pods in all)`
          : ''
      }; ${what} do not fit: ask for fewer, or smaller pods`,
    );
  }
}
