import { release, step } from '../../../__testUtils__/fixtures';
import { isLive, namesCell, releaseActionsFor } from './releaseActions';

const labels = (r: Parameters<typeof releaseActionsFor>[0], may = true) =>
  releaseActionsFor(r, may).map(a => a.label);

const inconclusive = step(0, {
  state: 'baking',
  gates: [
    {
      name: 'error ratio',
      kind: 'metric',
      phase: 'inconclusive',
      message: 'no data',
    },
  ],
});

describe('releaseActionsFor', () => {
  it('offers promote, pause and abort while a step runs, nothing while finishing', () => {
    expect(labels(release())).toEqual(['Promote', 'Pause', 'Abort']);
    expect(
      labels(release({ steps: [step(0, { state: 'baking' }), step(1)] })),
    ).toEqual(['Promote', 'Pause', 'Abort']);
    expect(labels(release({ currentStep: 2 }))).toEqual([]);
  });

  it('offers promote (approval) and abort when the release waits for approval', () => {
    expect(
      labels(
        release({
          state: 'waiting-approval',
          steps: [step(0, { state: 'waiting-approval' }), step(1)],
        }),
      ),
    ).toEqual(['Promote', 'Abort']);
  });

  it('offers retry and abort, not resume, when the paused step failed', () => {
    expect(
      labels(
        release({
          state: 'paused',
          reason: 'gate error ratio failed',
          steps: [step(0, { state: 'failed' }), step(1)],
        }),
      ),
    ).toEqual(['Retry step', 'Abort']);
  });

  it('offers resume, retry and promote on an inconclusive gate', () => {
    expect(
      labels(
        release({
          state: 'paused',
          reason: 'gate error ratio inconclusive 4 times',
          steps: [inconclusive, step(1)],
        }),
      ),
    ).toEqual(['Resume', 'Retry step', 'Promote', 'Abort']);
  });

  it('offers skip for the unreachable cell the pause reason names', () => {
    const paused = release({
      state: 'paused',
      currentStep: 1,
      reason: 'cell dev-2 is unreachable',
      steps: [step(0, { state: 'succeeded' }), step(1)],
    });
    expect(labels(paused)).toEqual(['Resume', 'Skip cell dev-2', 'Abort']);
    expect(releaseActionsFor(paused, true)[1].request).toEqual({
      action: 'skip-cell',
      cell: 'dev-2',
    });
    expect(labels({ ...paused, skippedCells: ['dev-2'] })).toEqual([
      'Resume',
      'Abort',
    ]);
    expect(
      labels({ ...paused, reason: 'cells dev-1, dev-2 are unreachable' }),
    ).toEqual(['Resume', 'Skip cell dev-1', 'Skip cell dev-2', 'Abort']);
    expect(
      labels({ ...paused, reason: 'paused by user:default/alice' }),
    ).toEqual(['Resume', 'Abort']);
  });

  it('offers nothing while rolling back, once final, or without the permission', () => {
    expect(labels(release({ state: 'rolling-back' }))).toEqual([]);
    for (const state of ['succeeded', 'rolled-back', 'failed'] as const) {
      expect(labels(release({ state }))).toEqual([]);
      expect(isLive(release({ state }))).toBe(false);
    }
    expect(labels(release({ state: 'paused' }), false)).toEqual([]);
    expect(labels(release(), false)).toEqual([]);
  });

  it('matches cell names as whole words only', () => {
    expect(namesCell('cell dev-1 is unreachable', 'dev-1')).toBe(true);
    expect(namesCell('cell dev-10 is unreachable', 'dev-1')).toBe(false);
    expect(namesCell('cells dev-1, dev-2 are unreachable', 'dev-1')).toBe(true);
    expect(namesCell('xdev-1', 'dev-1')).toBe(false);
  });
});
