import {
  App,
  startReleaseRequestSchema,
  versionSpecSchema,
} from '@cellport/plugin-cells-common';
import { GateSourceRegistry } from './GateSource';
import { analyzeMetricGate, measurementPhase } from './metricAnalysis';
import {
  canaryTarget,
  measurementCount,
  stepTargets,
  validatePlan,
} from './planning';
import { PrometheusGateSource } from './PrometheusGateSource';

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

describe('validatePlan: bounded, app-confined gates', () => {
  const app = {
    name: 'shop',
    region: 'dev',
    cells: [{ cell: 'a', drifted: false }],
  } as unknown as App;
  const registry = new GateSourceRegistry();
  registry.addGateSource('prometheus', new PrometheusGateSource({}));
  const gate = (query: string, extra: object = {}) => ({
    name: `g-${Math.random()}`,
    query,
    op: '<',
    threshold: 1,
    ...extra,
  });
  const plan = (metrics: object[]) =>
    startReleaseRequestSchema.parse({
      version: 'v2',
      steps: [{ cells: ['a'], canary: { percent: 100 }, metrics }],
    });

  it("refuses a gate reading another app's metrics, naming the step and gate", () => {
    expect(() =>
      validatePlan(
        plan([gate('sum(http_requests_total{app="secapp"})', { name: 'peek' })]),
        app,
        registry,
      ),
    ).toThrow(/^step 1: gate 'peek': a gate query reads the metrics of its own app only/);
    expect(() =>
      validatePlan(
        plan([gate('sum(up{app="{{app}}",version="{{version}}",cell="{{cell}}"})')]),
        app,
        registry,
      ),
    ).not.toThrow();
  });

  it('bounds gates per step, their interval and their cost', () => {
    expect(() =>
      validatePlan(plan(Array.from({ length: 6 }, () => gate('up'))), app, registry),
    ).toThrow(/at most 5 metric gates per step/);
    expect(() =>
      validatePlan(plan([gate('up', { intervalSeconds: 1 })]), app, registry),
    ).toThrow(/at most every 5 s/);
    expect(() =>
      validatePlan(plan([gate('rate(up[1d])')]), app, registry),
    ).toThrow(/looks back at most 3600 s/);
  });
});
