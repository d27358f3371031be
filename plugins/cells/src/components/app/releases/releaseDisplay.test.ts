import { release, step } from '../../../__testUtils__/fixtures';
import { bakeSecondsLeft } from './releaseDisplay';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const readyAt = new Date(NOW - 40_000).toISOString();

const baking = (bake?: {
  bakedMs: number;
  lostMs: number;
  checkedAt: number;
  healthy: boolean;
}) =>
  step(0, {
    state: 'baking',
    readyAt,
    gates: [
      {
        name: 'bake',
        kind: 'bake',
        phase: 'running',
        ...(bake ? { bake } : {}),
      },
    ],
  });

describe('bakeSecondsLeft', () => {
  it('counts from readyAt before the first check', () => {
    const s = baking();
    expect(bakeSecondsLeft(release({ steps: [s] }), s, NOW)).toBe(20); // 60 s bake, 40 s since Ready
  });

  it('counts only the bake that counted: an outage extends it, and the countdown stands still while a cell is down', () => {
    // 40 s since Ready, but 25 s of it a cell was unreachable: 15 s baked, checked 1 s ago, healthy
    const healthy = baking({
      bakedMs: 14_000,
      lostMs: 25_000,
      checkedAt: NOW - 1000,
      healthy: true,
    });
    expect(bakeSecondsLeft(release({ steps: [healthy] }), healthy, NOW)).toBe(
      45,
    );
    const down = baking({
      bakedMs: 14_000,
      lostMs: 25_000,
      checkedAt: NOW - 1000,
      healthy: false,
    });
    expect(bakeSecondsLeft(release({ steps: [down] }), down, NOW)).toBe(46);
    expect(
      bakeSecondsLeft(release({ steps: [down] }), down, NOW + 30_000),
    ).toBe(46);
  });

  it('is undefined when the step does not bake or the release is over', () => {
    const s = baking();
    expect(
      bakeSecondsLeft(release({ steps: [s], state: 'succeeded' }), s, NOW),
    ).toBeUndefined();
    expect(
      bakeSecondsLeft(release(), step(0, { state: 'progressing' }), NOW),
    ).toBeUndefined();
  });
});
