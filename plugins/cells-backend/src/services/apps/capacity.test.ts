import { CellStatus } from '@cellport/plugin-cells-common';
import { checkVersionFits, maxReplicasIn } from './capacity';

const GiB = 1024 ** 3;

/** A cell of two nodes of 32 cores, 128 GiB and 220 pods each (64 cores, 440 pods in all). */
const cell: CellStatus = {
  checked: true,
  reachable: true,
  capacity: { cpuMillis: 64_000, memoryBytes: 256 * GiB, pods: 440 },
  nodes: ['n1', 'n2'].map(name => ({
    name,
    ready: true,
    schedulable: true,
    allocatable: { cpuMillis: 32_000, memoryBytes: 128 * GiB, pods: 220 },
    usage: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
  })),
};

const spec = (
  replicas: number,
  cpu = '100m',
  memory = '128Mi',
  autoscaling?: { minReplicas: number; maxReplicas: number },
) => ({
  replicas: { 'dev-1': replicas },
  resources: {
    requests: { cpu, memory },
    limits: { cpu, memory },
  },
  ...(autoscaling
    ? {
        autoscaling: { ...autoscaling, targetCPUUtilizationPercentage: 80 },
      }
    : {}),
});

describe('version sizes against the allocatable capacity of cells', () => {
  it('accepts what fits, and judges no cell whose capacity is unknown', () => {
    expect(() => checkVersionFits(spec(440), { 'dev-1': cell })).not.toThrow();
    expect(() =>
      checkVersionFits(spec(2, '32', '128Gi'), { 'dev-1': cell }),
    ).not.toThrow();
    expect(() =>
      checkVersionFits(spec(100_000, '100000'), { 'dev-1': undefined }),
    ).not.toThrow();
    expect(() =>
      checkVersionFits(spec(5), {
        'dev-1': { checked: true, reachable: false },
      }),
    ).not.toThrow();
  });

  it('refuses more replicas than the nodes hold, saying how many fit', () => {
    expect(() => checkVersionFits(spec(500), { 'dev-1': cell })).toThrow(
      "cell 'dev-1' fits at most 440 replicas of 0.1 cores and 128 MiB each (its nodes allocate 64 cores, 256 GiB and 440 pods in all); 500 replicas do not fit: ask for fewer, or smaller pods",
    );
    // 8 cores each: 4 per node
    expect(() => checkVersionFits(spec(9, '8'), { 'dev-1': cell })).toThrow(
      /fits at most 8 replicas of 8 cores/,
    );
    // an autoscaler's maximum must fit too
    expect(() =>
      checkVersionFits(
        spec(2, '8', '1Gi', { minReplicas: 2, maxReplicas: 20 }),
        { 'dev-1': cell },
      ),
    ).toThrow(/autoscaling up to 20 replicas do not fit/);
  });

  it('refuses a pod larger than the largest node', () => {
    expect(() =>
      checkVersionFits(spec(1, '100000'), { 'dev-1': cell }),
    ).toThrow(
      "a pod requests 100000 cores of CPU, but the largest node of cell 'dev-1' allocates 32 cores to pods: request at most 32 cores",
    );
    expect(() =>
      checkVersionFits(spec(1, '1', '1Ti'), { 'dev-1': cell }),
    ).toThrow(
      "a pod requests 1024 GiB of memory, but the largest node of cell 'dev-1' allocates 128 GiB to pods: request at most 128 GiB",
    );
  });

  it('counts per node, leaving cordoned nodes out', () => {
    // 20 cores per pod: one per 32-core node, although the cell has 64 cores
    expect(maxReplicasIn(cell, spec(1, '20'))).toBe(2);
    const cordoned: CellStatus = {
      ...cell,
      nodes: [{ ...cell.nodes![0], schedulable: false }, cell.nodes![1]],
    };
    expect(maxReplicasIn(cordoned, spec(1, '20'))).toBe(1);
    // without node details: the whole cell
    expect(maxReplicasIn({ ...cell, nodes: undefined }, spec(1, '20'))).toBe(3);
  });
});
