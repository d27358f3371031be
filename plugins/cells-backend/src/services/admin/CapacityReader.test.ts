import { V1Node, V1Pod } from '@kubernetes/client-node';
import { capacityOf, podRequests } from './CapacityReader';

const node = (ready: string, cpu: string, memory: string, pods: string): V1Node => ({
  status: {
    allocatable: { cpu, memory, pods },
    conditions: [{ type: 'Ready', status: ready }],
  },
});

const pod = (
  phase: string,
  containers: [string, string][],
  init: [string, string][] = [],
): V1Pod => ({
  spec: {
    containers: containers.map(([cpu, memory], i) => ({
      name: `c${i}`,
      resources: { requests: { cpu, memory } },
    })),
    initContainers: init.map(([cpu, memory], i) => ({
      name: `i${i}`,
      resources: { requests: { cpu, memory } },
    })),
  },
  status: { phase },
});

describe('capacityOf', () => {
  it('sums Ready nodes only and non-terminated pods only', () => {
    const result = capacityOf(
      [node('True', '4', '8Gi', '110'), node('False', '4', '8Gi', '110'), node('True', '3500m', '4Gi', '50')],
      [
        pod('Running', [['250m', '256Mi'], ['100m', '64Mi']]),
        pod('Pending', [['500m', '1Gi']]),
        pod('Succeeded', [['2', '2Gi']]),
        pod('Failed', [['2', '2Gi']]),
      ],
    );
    expect(result).toEqual({
      allocatable: { cpuMillis: 7500, memoryBytes: 12 * 1024 ** 3, pods: 160 },
      requested: { cpuMillis: 850, memoryBytes: (256 + 64 + 1024) * 1024 ** 2, pods: 2 },
    });
  });

  it('counts the larger of the containers and the largest init container, as the scheduler', () => {
    expect(podRequests(pod('Running', [['100m', '64Mi']], [['1', '32Mi']]))).toEqual({
      cpuMillis: 1000,
      memoryBytes: 64 * 1024 ** 2,
    });
    expect(podRequests({ spec: { containers: [{ name: 'x' }] } })).toEqual({
      cpuMillis: 0,
      memoryBytes: 0,
    });
  });
});
