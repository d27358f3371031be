/**
 * The bake clock of a release step: bake time counts only while every touched cell was watched
 * reachable and healthy. An outage, unready pods, a pause or a gap with no driver (backend down)
 * stops the clock; it goes on from where it stood once the cells are checked healthy again, so
 * the bake is extended by the time that was not watched, and the timeline says so.
 */
import { BakeProgress } from '@cellport/plugin-cells-common';
import { ReleaseEventInput } from '../../database/ReleaseRecords';

/**
 * Longest gap between two checks that still counts as watched. The driver checks a baking step
 * every second or so; a longer gap means nobody was watching (paused, no driver, backend down).
 */
export const MAX_WATCH_GAP_MS = 10_000;

const secs = (ms: number) => `${Math.floor(ms / 1000)}s`;

/**
 * Advances the clock to `now`: the interval since the last check counts when the cells were
 * healthy at both checks and the interval was watched (at most {@link MAX_WATCH_GAP_MS}).
 * `problem` names what is wrong now (undefined: every cell reachable and healthy). Returns the
 * new progress and the timeline event the change deserves, if any.
 */
export function advanceBake(options: {
  previous: BakeProgress | undefined;
  readyAt: number;
  now: number;
  problem: string | undefined;
  bakeSeconds: number;
  step: number;
}): { progress: BakeProgress; event?: ReleaseEventInput } {
  const { now, problem, bakeSeconds, step } = options;
  const before = options.previous ?? {
    bakedMs: 0,
    lostMs: 0,
    checkedAt: options.readyAt,
    healthy: true,
  };
  const gap = Math.max(0, now - before.checkedAt);
  const healthy = !problem;
  const watched = gap <= MAX_WATCH_GAP_MS;
  const counted = before.healthy && healthy && watched ? gap : 0;
  const progress: BakeProgress = {
    bakedMs: before.bakedMs + counted,
    lostMs: before.lostMs + gap - counted,
    checkedAt: now,
    healthy,
  };
  const total = bakeSeconds * 1000;
  const stand = `${secs(
    Math.min(progress.bakedMs, total),
  )} of ${bakeSeconds}s baked`;
  const name = `Bake of step ${step + 1}`;
  if (before.healthy && !healthy) {
    return {
      progress,
      event: {
        type: 'bake-interrupted',
        step,
        message: `${name} stopped: ${problem}; ${stand}, the rest counts once every cell is healthy again`,
      },
    };
  }
  if (!before.healthy && healthy) {
    return {
      progress,
      event: {
        type: 'bake-resumed',
        step,
        message: `${name} goes on: every cell is healthy again; ${stand}, extended by ${secs(
          progress.lostMs,
        )}`,
      },
    };
  }
  if (healthy && !watched) {
    return {
      progress,
      event: {
        type: 'bake-resumed',
        step,
        message: `${name} was not watched for ${secs(
          gap,
        )} (paused or no backend driving it): that time does not count; ${stand}, extended by ${secs(
          progress.lostMs,
        )}`,
      },
    };
  }
  return { progress };
}

/** Whether the bake is complete. */
export function isBaked(progress: BakeProgress, bakeSeconds: number): boolean {
  return progress.bakedMs >= bakeSeconds * 1000;
}

/** The bake gate's message: `7s of 15s baked`, and when done `baked 15s` (with the extension). */
export function bakeMessage(
  progress: BakeProgress,
  bakeSeconds: number,
): string {
  if (!isBaked(progress, bakeSeconds))
    return `${secs(progress.bakedMs)} of ${bakeSeconds}s baked`;
  return progress.lostMs >= 1000
    ? `baked ${bakeSeconds}s (extended by ${secs(
        progress.lostMs,
      )} not watched healthy)`
    : `baked ${bakeSeconds}s`;
}
