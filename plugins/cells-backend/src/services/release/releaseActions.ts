import { ConflictError, InputError } from '@backstage/errors';
import {
  GateStatus,
  ReleaseActionRequest,
} from '@cellport/plugin-cells-common';
import { ReleaseRecord, StepRecord } from '../../database/ReleaseRecords';
import { ReleaseTransition } from '../../database/ReleaseStore';
import { initialGates, planCells } from './planning';

/** A release transition as an action asks it, before the release id, clock and step guard. */
export type ActionChange = Omit<ReleaseTransition, 'releaseId' | 'now'>;

/**
 * The guarded change a Master's action (promote, pause, resume, abort, retry or skip-cell) makes
 * to release `r` as read: ConflictError when the action does not fit the release's state,
 * InputError for a cell that is not part of it. `now` is the clock.
 */
export function actionChange(
  r: ReleaseRecord,
  action: ReleaseActionRequest,
  actor: string,
  now: () => number,
): ActionChange {
  const step = r.steps[r.currentStep] as StepRecord | undefined;
  const n = r.currentStep + 1;
  const refuse = (why: string) =>
    new ConflictError(`Cannot ${action.action} release ${r.id}: ${why}`);
  const finishing = r.currentStep >= r.steps.length;

  switch (action.action) {
    case 'promote': {
      if (
        r.state === 'waiting-approval' &&
        step?.state === 'waiting-approval'
      ) {
        return {
          expectState: ['waiting-approval'],
          release: {
            state: 'running',
            currentStep: r.currentStep + 1,
            reason: null,
          },
          step: {
            index: step.index,
            expectState: ['waiting-approval'],
            expectAttempt: step.attempt,
            set: {
              state: 'succeeded',
              finishedAt: now(),
              promoted: true,
            },
          },
          events: [
            {
              type: 'promoted',
              step: step.index,
              actor,
              message: `${actor} approved step ${n}`,
            },
            {
              type: 'step-succeeded',
              step: step.index,
              actor,
              message: `Step ${n}/${r.steps.length} succeeded (approved)`,
              dedupeKey: `step-succeeded:${step.index}:${step.attempt}`,
            },
          ],
        };
      } else if (
        r.state === 'running' &&
        step &&
        ['pending', 'progressing', 'baking'].includes(step.state)
      ) {
        return {
          expectState: ['running'],
          step: {
            index: step.index,
            expectState: ['pending', 'progressing', 'baking'],
            expectAttempt: step.attempt,
            set: { promoted: true },
          },
          events: [
            {
              type: 'promoted',
              step: step.index,
              actor,
              message: `${actor} promoted step ${n}: the rest of its bake is skipped once its pods are Ready`,
            },
          ],
        };
      } else if (r.state === 'paused' && step && inconclusiveGate(step)) {
        return {
          expectState: ['paused'],
          release: { state: 'running', reason: null },
          step: {
            index: step.index,
            expectState: ['baking'],
            expectAttempt: step.attempt,
            set: { promoted: true },
          },
          events: [
            {
              type: 'promoted',
              step: step.index,
              actor,
              message: `${actor} accepted the inconclusive gate ${
                inconclusiveGate(step)!.name
              } and promoted step ${n}`,
            },
          ],
        };
      }
      throw refuse(
        `it is ${r.state}${step ? ` (step ${n} ${step.state})` : ''}`,
      );
    }
    case 'pause': {
      if (r.state !== 'running' || finishing) {
        throw refuse(finishing ? 'it is finishing' : `it is ${r.state}`);
      }
      return {
        expectState: ['running'],
        release: { state: 'paused', reason: `paused by ${actor}` },
        events: [
          {
            type: 'paused',
            step: r.currentStep,
            actor,
            message: `Paused by ${actor}`,
          },
        ],
      };
    }
    case 'resume': {
      if (r.state !== 'paused') {
        throw refuse(`it is ${r.state}`);
      }
      if (step?.state === 'failed') {
        throw refuse(`step ${n} failed: retry the step or abort the release`);
      }
      const set: NonNullable<ReleaseTransition['step']>['set'] = {};
      if (step?.state === 'progressing') {
        set.deadlineAt = now() + step.plan.readyDeadlineSeconds * 1000;
      }
      if (step && inconclusiveGate(step)) {
        set.gates = step.gates.map(g =>
          g.phase === 'inconclusive' ? remeasure(g) : g,
        );
      }
      return {
        expectState: ['paused'],
        release: { state: 'running', reason: null },
        step: step
          ? {
              index: step.index,
              expectState: [step.state],
              expectAttempt: step.attempt,
              set,
            }
          : undefined,
        events: [
          {
            type: 'resumed',
            step: r.currentStep,
            actor,
            message: `Resumed by ${actor}`,
          },
        ],
      };
    }
    case 'abort': {
      if (
        !['running', 'paused', 'waiting-approval'].includes(r.state) ||
        finishing
      ) {
        throw refuse(finishing ? 'it is finishing' : `it is ${r.state}`);
      }
      return {
        expectState: ['running', 'paused', 'waiting-approval'],
        release: { state: 'rolling-back', reason: `aborted by ${actor}` },
        events: [
          {
            type: 'aborted',
            step: r.currentStep,
            actor,
            message: `Aborted by ${actor}: rolling back`,
          },
        ],
      };
    }
    case 'retry': {
      if (
        r.state !== 'paused' ||
        !step ||
        !(step.state === 'failed' || inconclusiveGate(step))
      ) {
        throw refuse(
          r.state === 'paused'
            ? `step ${n} has neither failed nor an inconclusive gate: resume instead`
            : `it is ${r.state}`,
        );
      }
      return {
        expectState: ['paused'],
        release: { state: 'running', reason: null },
        step: {
          index: step.index,
          expectState: [step.state],
          expectAttempt: step.attempt,
          set: {
            state: 'pending',
            attempt: step.attempt + 1,
            startedAt: null,
            finishedAt: null,
            deadlineAt: null,
            readyAt: null,
            targets: null,
            applied: [],
            baseline: {},
            gates: initialGates(step.plan),
            promoted: false,
          },
        },
        events: [
          {
            type: 'retried',
            step: step.index,
            actor,
            message: `${actor} retried step ${n} (attempt ${step.attempt + 2})`,
          },
        ],
      };
    }
    case 'skip-cell': {
      const cell = action.cell;
      if (!planCells({ steps: r.steps.map(s => s.plan) }).includes(cell)) {
        throw new InputError(`Cell '${cell}' is not part of release ${r.id}`);
      }
      if (r.state !== 'paused') {
        throw refuse(`it is ${r.state}; pause it first`);
      }
      if (r.skippedCells.includes(cell)) {
        throw refuse(`cell '${cell}' is skipped already`);
      }
      return {
        expectState: ['paused'],
        expectSkippedCells: r.skippedCells,
        release: { skippedCells: [...r.skippedCells, cell] },
        events: [
          {
            type: 'cell-skipped',
            step: r.currentStep,
            cell,
            actor,
            message: `${actor} skipped ${cell}: this release leaves it on ${
              r.fromVersions[cell] ?? 'no version'
            } (drifted)`,
          },
        ],
      };
    }
    default:
      throw new InputError('Unknown action');
  }
}

function inconclusiveGate(step: StepRecord): GateStatus | undefined {
  return step.state === 'baking'
    ? step.gates.find(g => g.phase === 'inconclusive')
    : undefined;
}

function remeasure(gate: GateStatus): GateStatus {
  return {
    ...gate,
    phase: 'running',
    message: `measuring again (was: ${gate.message ?? 'inconclusive'})`,
    measurements: [],
    failed: 0,
    inconclusive: 0,
  };
}
