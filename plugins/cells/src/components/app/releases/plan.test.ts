import { startReleaseRequestSchema } from '@cellport/plugin-cells-common';
import {
  canaryText,
  cellsNotFullyReleased,
  defaultPlan,
  ERROR_RATIO_QUERY,
  METRIC_GATE_PRESETS,
  P99_LATENCY_QUERY,
  planProblems,
} from './plan';

describe('release plan helpers', () => {
  it('defaults to a one-replica canary in the first cell, then every cell at 100%', () => {
    const steps = defaultPlan(['dev-1', 'dev-2', 'dev-3']);
    expect(steps.map(s => ({ cells: s.cells, canary: s.canary }))).toEqual([
      { cells: ['dev-1'], canary: { replicas: 1 } },
      { cells: ['dev-1', 'dev-2', 'dev-3'], canary: { percent: 100 } },
    ]);
    expect(
      startReleaseRequestSchema.safeParse({ version: 'v2', steps }).success,
    ).toBe(true);
    expect(planProblems({ version: 'v2', steps })).toEqual([]);
    expect(defaultPlan([])).toEqual([]);
  });

  it('offers the error ratio and p99 latency presets with their queries', () => {
    expect(METRIC_GATE_PRESETS.map(p => p.label)).toEqual([
      'Error ratio < 1%',
      'p99 latency < 300 ms',
    ]);
    expect(METRIC_GATE_PRESETS[0].gate).toMatchObject({
      query: ERROR_RATIO_QUERY,
      op: '<',
      threshold: 0.01,
    });
    expect(METRIC_GATE_PRESETS[1].gate).toMatchObject({
      query: P99_LATENCY_QUERY,
      op: '<',
      threshold: 300,
    });
    expect(ERROR_RATIO_QUERY).toContain('code=~"5.."');
    expect(P99_LATENCY_QUERY).toMatch(/^histogram_quantile\(0\.99,.*\* 1000$/);
  });

  it('names the cells that never reach 100% and other plan problems', () => {
    const steps = defaultPlan(['dev-1', 'dev-2']);
    const partial = [steps[0]];
    expect(cellsNotFullyReleased(partial)).toEqual(['dev-1']);
    expect(planProblems({ version: '', steps: partial })).toEqual([
      'Choose the version to release.',
      'Every cell the plan names must reach 100% in some step: dev-1.',
    ]);
    expect(
      planProblems({
        version: 'v2',
        steps: [
          { ...steps[1], cells: [] },
          {
            ...steps[1],
            metrics: [{ ...METRIC_GATE_PRESETS[0].gate, query: '' }],
          },
        ],
      }),
    ).toEqual([
      'Step 1 names no cell.',
      'Step 2, metric gate 1: name and query are required.',
    ]);
  });

  it('describes canary sizes', () => {
    expect(canaryText({ replicas: 1 })).toBe('1 replica');
    expect(canaryText({ replicas: 3 })).toBe('3 replicas');
    expect(canaryText({ percent: 25 })).toBe('25%');
  });
});
