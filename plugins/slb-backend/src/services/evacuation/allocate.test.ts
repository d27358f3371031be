import { AppCellPlacement } from '@cellport/plugin-cells-node';
import { allocateApp } from './allocate';

const cell = (name: string, desired: number | undefined, more: Partial<AppCellPlacement> = {}): AppCellPlacement => ({
  cell: name,
  region: 'dev',
  stableVersion: 'v1',
  specReplicas: desired ?? 2,
  desired,
  ready: desired,
  reachable: desired !== undefined,
  ...more,
});

describe('allocateApp', () => {
  it('spreads the replicas over the other cells, fewest first', () => {
    const plan = allocateApp({
      app: 'shop',
      cell: 'a',
      servers: 3,
      placement: [cell('a', 3), cell('b', 2), cell('c', 1)],
      unavailable: new Map(),
    });
    expect(plan.replicas).toBe(3);
    expect(plan.uncarried).toBe(0);
    expect(plan.targets).toEqual([
      { cell: 'b', from: 2, to: 3, specReplicas: 2 },
      { cell: 'c', from: 1, to: 3, specReplicas: 1 },
    ]);
  });

  it('stops at the free capacity and says what cannot be carried', () => {
    const plan = allocateApp({
      app: 'shop',
      cell: 'a',
      servers: 4,
      placement: [cell('a', 4), cell('b', 2, { extraCapacity: 1 })],
      unavailable: new Map(),
    });
    expect(plan.targets).toEqual([{ cell: 'b', from: 2, to: 3, specReplicas: 2 }]);
    expect(plan.uncarried).toBe(3);
    expect(plan.notes.join('\n')).toContain("cell 'b' is full: it fits 1 more replicas");
    expect(plan.notes.join('\n')).toContain('3 of 4 replicas cannot be carried');
  });

  it('counts an unreachable cell by its last known servers and skips unavailable cells', () => {
    const plan = allocateApp({
      app: 'shop',
      cell: 'a',
      servers: 2,
      placement: [cell('a', undefined, { specReplicas: 1 }), cell('b', 2), cell('c', 2)],
      unavailable: new Map([['c', 'evacuated (evacuation x)']]),
    });
    expect(plan.replicas).toBe(2);
    expect(plan.targets).toEqual([{ cell: 'b', from: 2, to: 4, specReplicas: 2 }]);
    expect(plan.notes.join('\n')).toContain("cell 'c' cannot carry replicas: evacuated");
    expect(plan.notes.join('\n')).toContain("cell 'a' could not be read");
  });

  it('carries only the servers of a reachable cell that runs no Deployment of the version', () => {
    const plan = allocateApp({
      app: 'shop',
      cell: 'a',
      servers: 0,
      placement: [cell('a', undefined, { reachable: true, specReplicas: 2 }), cell('b', 2)],
      unavailable: new Map(),
    });
    expect(plan.replicas).toBe(0);
    expect(plan.targets).toEqual([{ cell: 'b', from: 2, to: 2, specReplicas: 2 }]);
    expect(plan.notes).toContain("cell 'a' runs no Deployment of v1: its 0 servers are carried");
  });

  it('leaves autoscaled versions to their HPAs', () => {
    const plan = allocateApp({
      app: 'shop',
      cell: 'a',
      servers: 2,
      placement: [cell('a', 2, { autoscaling: { min: 1, max: 5 } }), cell('b', 2, { autoscaling: { min: 1, max: 5 } })],
      unavailable: new Map(),
    });
    expect(plan.targets).toEqual([]);
    expect(plan.uncarried).toBe(0);
    expect(plan.notes.join('\n')).toContain('HPA');
  });

  it('names an app without another cell', () => {
    const plan = allocateApp({ app: 'solo', cell: 'a', servers: 1, placement: [cell('a', 1)], unavailable: new Map() });
    expect(plan.uncarried).toBe(1);
    expect(plan.notes).toContain('the app runs in no other cell of the region');
  });
});
