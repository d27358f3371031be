import {
  FINAL_RELEASE_STATES,
  Release,
  ReleaseActionRequest,
  ReleaseStep,
} from '@cellport/plugin-cells-common';

/** A button the release timeline offers. */
export interface ReleaseActionChoice {
  request: ReleaseActionRequest;
  label: string;
  /** Explains what the action does (tooltip). */
  hint: string;
}

/** True while the release may still change. */
export function isLive(release: Release): boolean {
  return !FINAL_RELEASE_STATES.includes(release.state);
}

/** Whether `text` names the cell as a whole word (cell names are DNS labels). */
export function namesCell(text: string, cell: string): boolean {
  const escaped = cell.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9-])${escaped}($|[^a-z0-9-])`).test(text);
}

/** The metric gate of a baking step that came out inconclusive (the release paused on it). */
function inconclusiveGate(release: Release) {
  const step = release.steps[release.currentStep];
  return step?.state === 'baking'
    ? step.gates.find(g => g.phase === 'inconclusive')
    : undefined;
}

/**
 * The actions that fit the release's state (the backend's rules), for a user who may manage
 * releases; none for the others, none while rolling back and none once final:
 * - running: promote (skip the rest of the bake once the pods are Ready), pause, abort; nothing
 *   once every step is done and the release is finishing;
 * - waiting-approval: promote (approve the step), abort;
 * - paused: resume (unless the step failed), retry (a failed step, or an inconclusive gate),
 *   promote (accept an inconclusive gate), skip-cell for each cell of the release that the pause
 *   reason names (an unreachable cell), abort.
 */
export function releaseActionsFor(
  release: Release,
  canManage: boolean,
): ReleaseActionChoice[] {
  if (!canManage || !isLive(release)) {
    return [];
  }
  const step = release.steps[release.currentStep] as ReleaseStep | undefined;
  const abort: ReleaseActionChoice = {
    request: { action: 'abort' },
    label: 'Abort',
    hint: 'Roll the touched cells back to their stable version',
  };
  switch (release.state) {
    case 'running':
      if (!step) {
        return []; // finishing: the old version is being removed
      }
      return [
        ...(['pending', 'progressing', 'baking'].includes(step.state)
          ? [
              {
                request: { action: 'promote' as const },
                label: 'Promote',
                hint: 'Skip the rest of the bake once the new pods are Ready',
              },
            ]
          : []),
        {
          request: { action: 'pause' },
          label: 'Pause',
          hint: 'Hold the release where it is',
        },
        abort,
      ];
    case 'waiting-approval':
      return [
        ...(step?.state === 'waiting-approval'
          ? [
              {
                request: { action: 'promote' as const },
                label: 'Promote',
                hint: 'Approve this step and go on with the next one',
              },
            ]
          : []),
        abort,
      ];
    case 'paused': {
      const inconclusive = inconclusiveGate(release);
      const actions: ReleaseActionChoice[] = [];
      if (step?.state !== 'failed') {
        actions.push({
          request: { action: 'resume' },
          label: 'Resume',
          hint: inconclusive
            ? `Measure ${inconclusive.name} again and continue`
            : 'Continue the release',
        });
      }
      if (step && (step.state === 'failed' || inconclusive)) {
        actions.push({
          request: { action: 'retry' },
          label: 'Retry step',
          hint: 'Run the step again from the start',
        });
      }
      if (inconclusive) {
        actions.push({
          request: { action: 'promote' },
          label: 'Promote',
          hint: `Accept the inconclusive gate ${inconclusive.name} and go on`,
        });
      }
      const reason = release.reason ?? '';
      const cells = [...new Set(release.steps.flatMap(s => s.plan.cells))];
      for (const cell of cells) {
        if (!release.skippedCells.includes(cell) && namesCell(reason, cell)) {
          actions.push({
            request: { action: 'skip-cell', cell },
            label: `Skip cell ${cell}`,
            hint: `Leave ${cell} on its old version (shown as drifted) and continue`,
          });
        }
      }
      actions.push(abort);
      return actions;
    }
    default:
      return [];
  }
}
