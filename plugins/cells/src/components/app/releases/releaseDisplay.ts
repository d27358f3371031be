import type {
  GateStatus,
  Release,
  ReleaseStep,
} from '@cellport/plugin-cells-common';
import { isLive } from './releaseActions';

/**
 * A step's state as shown: its stored state while the release is live; once the release is over,
 * a step left mid-way shows how it ended (`succeeded` in a successful release, else `stopped`)
 * and a step that never started shows `not run`.
 */
export function shownStepState(release: Release, step: ReleaseStep): string {
  if (isLive(release)) {
    return step.state;
  }
  switch (step.state) {
    case 'pending':
      return 'not run';
    case 'progressing':
    case 'baking':
    case 'waiting-approval':
      return release.state === 'succeeded' ? 'succeeded' : 'stopped';
    default:
      return step.state;
  }
}

/**
 * A gate as shown: in a finished release, a gate still pending or running shows its final state
 * (`successful` in a step that succeeded — it could not have without its gates — else `not run`
 * or `stopped`), with a message to match.
 */
export function shownGate(
  release: Release,
  step: ReleaseStep,
  gate: GateStatus,
): { phase: string; message?: string } {
  if (
    isLive(release) ||
    (gate.phase !== 'pending' && gate.phase !== 'running')
  ) {
    return { phase: gate.phase, message: gate.message };
  }
  const stepState = shownStepState(release, step);
  if (stepState === 'succeeded') {
    return {
      phase: 'successful',
      message:
        gate.kind === 'bake' ? `baked ${step.plan.bakeSeconds}s` : gate.message,
    };
  }
  if (gate.phase === 'pending') {
    return { phase: 'not run', message: undefined };
  }
  return { phase: 'stopped', message: gate.message };
}

/**
 * Seconds of bake left in a baking step of a live release, or undefined when the step does not
 * bake now. Only watched, healthy time counts (the bake gate's progress): the countdown stands
 * still while a cell is down or unready; before the first check it counts from `readyAt`.
 */
export function bakeSecondsLeft(
  release: Release,
  step: ReleaseStep,
  now = Date.now(),
): number | undefined {
  if (!isLive(release) || step.state !== 'baking' || !step.readyAt) {
    return undefined;
  }
  const progress = step.gates.find(g => g.kind === 'bake')?.bake;
  const counted = progress
    ? progress.bakedMs +
      (progress.healthy ? Math.max(0, now - progress.checkedAt) : 0)
    : Math.max(0, now - Date.parse(step.readyAt));
  return Math.max(
    0,
    Math.ceil((step.plan.bakeSeconds * 1000 - counted) / 1000),
  );
}
