import { ReleaseState, ReleaseStepPlan } from '@cellport/plugin-cells-common';
import { ReleaseRecord, StepRecord } from '../../database/ReleaseRecords';
import { trafficShareOf, trafficSharesOf } from './trafficShares';

function step(index: number, trafficPercent?: number): StepRecord {
  const plan = {
    cells: ['c1'],
    canary: { replicas: 1 },
    readyDeadlineSeconds: 60,
    noRestarts: true,
    metrics: [],
    bakeSeconds: 0,
    approval: 'auto',
    ...(trafficPercent === undefined ? {} : { trafficPercent }),
  } as ReleaseStepPlan;
  return { index, plan, state: 'pending', attempt: 0, applied: [], baseline: {}, gates: [], promoted: false };
}

function release(state: ReleaseState, currentStep: number): ReleaseRecord {
  return {
    id: `r-${state}-${currentStep}`,
    app: 'shop',
    version: 'v2',
    state,
    onFailure: 'rollback',
    currentStep,
    fromVersions: { c1: 'v1' },
    skippedCells: [],
    doneCells: [],
    versionSpec: {} as any,
    stableSpecs: {},
    createdBy: 'user:default/alice',
    createdAt: 0,
    updatedAt: 0,
    steps: [step(0, 10), step(1), step(2, 50)],
  };
}

describe('trafficShareOf', () => {
  it("is the current step's share while the release runs, waits or is paused", () => {
    for (const state of ['running', 'waiting-approval', 'paused'] as const) {
      expect(trafficShareOf(release(state, 0))).toEqual({
        app: 'shop',
        releaseId: `r-${state}-0`,
        version: 'v2',
        percent: 10,
      });
    }
    expect(trafficShareOf(release('running', 2))?.percent).toBe(50);
  });

  it('is none for a step without a share, after the last step and once the release ended', () => {
    expect(trafficShareOf(release('running', 1))).toBeUndefined();
    expect(trafficShareOf(release('running', 3))).toBeUndefined();
    for (const state of ['succeeded', 'rolled-back', 'failed'] as const) {
      expect(trafficShareOf(release(state, 0))).toBeUndefined();
    }
  });

  it('gives the traffic back to the old version while rolling back', () => {
    expect(trafficShareOf(release('rolling-back', 1))?.percent).toBe(0);
    expect(trafficSharesOf([release('running', 1), release('rolling-back', 0)]).map(s => s.percent)).toEqual([0]);
  });
});
