import { versionSpecSchema } from '@cellport/plugin-cells-common';
import { GateSourceRegistry } from './GateSource';
import { analyzeMetricGate, measurementPhase } from './metricAnalysis';
import { canaryTarget, measurementCount, stepTargets } from './planning';

describe('canaryTarget', () => {
  it('rounds percentages up, with at least one pod, and caps replicas by the spec', () => {
    expect(canaryTarget({ percent: 10 }, 4)).toBe(1);
    expect(canaryTarget({ percent: 50 }, 5)).toBe(3);
    expect(canaryTarget({ percent: 100 }, 5)).toBe(5);
    expect(canaryTarget({ percent: 1 }, 300)).toBe(3);
    expect(canaryTarget({ percent: 50 }, 0)).toBe(0);
    expect(canaryTarget({ replicas: 1 }, 4)).toBe(1);
    expect(canaryTarget({ replicas: 9 }, 4)).toBe(4);
    expect(canaryTarget({ replicas: 2 }, 0)).toBe(0);
  });

  it('computes the targets of a step from the version spec', () => {
    const spec = versionSpecSchema.parse({
      image: 'x',
      replicas: { a: 3, b: 10 },
    });
    expect(
      stepTargets(
        {
          cells: ['a', 'b', 'c'],
          canary: { percent: 25 },
          readyDeadlineSeconds: 1,
          noRestarts: true,
          metrics: [],
          bakeSeconds: 0,
          approval: 'auto',
        },
        ['a', 'b', 'c'],
        spec,
      ),
    ).toEqual({ a: 1, b: 3, c: 0 });
  });
});

describe('metric analysis', () => {
  const gate = {
    name: 'p99',
    source: 'prometheus',
    query: 'q',
    op: '<' as const,
    threshold: 0.3,
    intervalSeconds: 10,
    failureLimit: 1,
    inconclusiveLimit: 1,
  };
  const m = (cell: string, value?: number) => ({
    at: '2026-05-01T00:00:00.000Z',
    cell,
    value,
    phase: measurementPhase(gate, value),
  });

  it('measures with the threshold and treats no value or NaN as inconclusive', () => {
    expect(measurementPhase(gate, 0.29)).toBe('successful');
    expect(measurementPhase(gate, 0.3)).toBe('failed');
    expect(measurementPhase({ op: '>=', threshold: 1 }, 1)).toBe('successful');
    expect(measurementPhase(gate, undefined)).toBe('inconclusive');
    expect(measurementPhase(gate, NaN)).toBe('inconclusive');
  });

  it('counts each cell on its own against the limits (Argo semantics)', () => {
    // one failure per cell is within the limit of 1
    expect(
      analyzeMetricGate(
        gate,
        [m('a', 0.5), m('b', 0.5), m('a', 0.1), m('b', 0.1)],
        ['a', 'b'],
        2,
      ).phase,
    ).toBe('successful');
    const failed = analyzeMetricGate(
      gate,
      [m('a', 0.1), m('b', 0.5), m('b', 0.6)],
      ['a', 'b'],
      3,
    );
    expect(failed).toMatchObject({ phase: 'failed', cell: 'b', failed: 2 });
    expect(failed.message).toBe(
      '2 of 2 measurements failed (failure limit 1): 0.5, 0.6, threshold < 0.3',
    );
    const unknown = analyzeMetricGate(gate, [m('a'), m('a')], ['a'], 3);
    expect(unknown).toMatchObject({
      phase: 'inconclusive',
      cell: 'a',
      inconclusive: 2,
    });
    expect(analyzeMetricGate(gate, [m('a', 0.1)], ['a', 'b'], 1)).toMatchObject(
      {
        phase: 'running',
        message: '1/2 measurements (< 0.3); last: a 0.1',
      },
    );
  });

  it('takes as many measurements as fit in the bake, at least one', () => {
    expect(measurementCount({ intervalSeconds: 10 }, 0)).toBe(1);
    expect(measurementCount({ intervalSeconds: 10 }, 35)).toBe(3);
    expect(measurementCount({ intervalSeconds: 10, count: 7 }, 35)).toBe(7);
  });
});

describe('GateSourceRegistry', () => {
  it('lets modules replace a default source but not the other way round', () => {
    const registry = new GateSourceRegistry();
    const mine = { evaluate: async () => ({ value: 1 }) };
    const builtIn = { evaluate: async () => ({ value: 2 }) };
    registry.addGateSource('prometheus', mine);
    registry.addDefault('prometheus', builtIn);
    expect(registry.get('prometheus')).toBe(mine);
    expect(registry.names()).toEqual(['prometheus']);
  });
});
