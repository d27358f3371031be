import { CellStatus } from '@cellport/plugin-cells-common';
import { extraReplicasFitting } from './CellScaling';

const GiB = 1024 ** 3;
const spec = { resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } as any;
const node = (name: string, cpu: number, mem: number, usedCpu: number, usedMem: number, more = {}) => ({
  name,
  ready: true,
  schedulable: true,
  allocatable: { cpuMillis: cpu, memoryBytes: mem * GiB, pods: 110 },
  usage: { cpuMillis: usedCpu, memoryBytes: usedMem * GiB, pods: 3 },
  ...more,
});

describe('extraReplicasFitting', () => {
  it('counts per node what is left after the running pods’ requests', () => {
    const status: CellStatus = {
      checked: true,
      reachable: true,
      nodes: [node('a', 4000, 8, 3000, 2), node('b', 2000, 2, 0, 1.5), node('c', 8000, 8, 0, 0, { schedulable: false })],
    };
    // a: 1000m left = 2 pods by CPU, 6 GiB = 6 by memory → 2; b: memory 0.5 GiB left → 0; c cordoned
    expect(extraReplicasFitting(status, spec)).toBe(2);
  });

  it('uses the whole cell without nodes, and is unknown without capacity', () => {
    expect(
      extraReplicasFitting(
        {
          checked: true,
          reachable: true,
          capacity: { cpuMillis: 4000, memoryBytes: 16 * GiB, pods: 20 },
          usage: { cpuMillis: 2500, memoryBytes: 1 * GiB, pods: 5 },
        },
        spec,
      ),
    ).toBe(3);
    expect(extraReplicasFitting({ checked: false, reachable: false }, spec)).toBeUndefined();
  });
});
