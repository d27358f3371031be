import { LoggerService } from '@backstage/backend-plugin-api';
import { GateStatus } from '@cellport/plugin-cells-common';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StepRecord,
} from '../../database/ReleaseRecords';
import { ReleaseStore, StepChanges } from '../../database/ReleaseStore';
import { CellWorkloads } from '../kube/types';
import { Failure, gateEvents, Transition, transitionOn } from './engineSupport';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * How a step ends or stops, each a guarded transition recorded once: passed (next step or wait
 * for approval), failed (roll back or pause, by the release's `onFailure`), paused for an
 * unreachable cell or an inconclusive gate, or just its gates' progress written.
 */
export class StepOutcomes {
  private readonly transition: Transition;
  private readonly workloads: CellWorkloads;
  private readonly logger: LoggerService;
  private readonly now: () => number;

  constructor(deps: {
    store: ReleaseStore;
    workloads: CellWorkloads;
    logger: LoggerService;
    now: () => number;
  }) {
    this.transition = transitionOn(deps.store, deps.now);
    this.workloads = deps.workloads;
    this.logger = deps.logger;
    this.now = deps.now;
  }

  /**
   * Pauses the release when some of `cells` (whose calls failed) is unreachable: a Master skips
   * the cell or resumes once it is back. True when paused (or no longer running).
   */
  async pauseIfUnreachable(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
    cells: string[],
  ): Promise<boolean> {
    const reachable = await Promise.all(
      cells.map(cell => this.workloads.isReachable(cell).catch(() => false)),
    );
    const down = cells.filter((_, i) => !reachable[i]);
    if (!down.length) {
      return false;
    }
    const reason =
      down.length === 1
        ? `cell ${down[0]} is unreachable`
        : `cells ${down.join(', ')} are unreachable`;
    await this.transition(r, driverId, {
      expectState: ['running'],
      release: { state: 'paused', reason },
      step: {
        index: step.index,
        expectState: [step.state],
        expectAttempt: step.attempt,
        set: {},
      },
      events: [
        {
          type: 'paused',
          step: step.index,
          cell: down.length === 1 ? down[0] : undefined,
          message: `Paused ${step.state === 'pending' ? 'before' : 'in'} step ${
            step.index + 1
          }: ${reason}; skip the cell or resume once it is back`,
        },
      ],
    });
    this.logger.warn('Release paused: cell unreachable', {
      app: r.app,
      release: r.id,
      step: step.index + 1,
      cells: down.join(','),
    });
    return true;
  }

  async completeStep(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
    gates: GateStatus[],
  ): Promise<boolean> {
    const n = step.index + 1;
    for (const gate of gates) {
      if (gate.kind === 'restarts' && gate.phase !== 'failed') {
        gate.phase = 'successful';
        gate.message = gate.message ?? 'no new pod restarted';
      }
    }
    const manual = step.plan.approval === 'manual' && !step.promoted;
    const events = gateEvents(step, gates);
    if (manual) {
      return this.transition(r, driverId, {
        expectState: ['running'],
        release: { state: 'waiting-approval', reason: null },
        step: this.bakingGuard(step, {
          state: 'waiting-approval',
          gates,
        }),
        events: [
          ...events,
          {
            type: 'waiting-approval',
            step: step.index,
            message: `Step ${n} passed its gates and waits for a Master's approval (promote)`,
            dedupeKey: `waiting-approval:${step.index}:${step.attempt}`,
          },
        ],
      });
    }
    const done = await this.transition(r, driverId, {
      expectState: ['running'],
      release: { currentStep: r.currentStep + 1, reason: null },
      step: this.bakingGuard(step, {
        state: 'succeeded',
        finishedAt: this.now(),
        gates,
      }),
      events: [
        ...events,
        {
          type: 'step-succeeded',
          step: step.index,
          message: `Step ${n}/${r.steps.length} succeeded${
            step.promoted ? ' (promoted)' : ''
          }`,
          dedupeKey: `step-succeeded:${step.index}:${step.attempt}`,
        },
      ],
    });
    if (done) {
      this.logger.info('Release step passed', {
        app: r.app,
        release: r.id,
        step: n,
      });
    }
    return done;
  }

  async failStep(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
    failure: Failure,
    gatesSoFar?: GateStatus[],
  ): Promise<boolean> {
    const gates = clone(gatesSoFar ?? step.gates);
    const gate =
      gates.find(g => g.kind === failure.kind && g.name === failure.name) ??
      gates[
        gates.push({
          name: failure.name,
          kind: failure.kind,
          phase: 'failed',
        }) - 1
      ];
    gate.phase = 'failed';
    gate.message = `${failure.cell}: ${failure.message}`;
    const reason = `gate ${failure.name} failed in cell ${failure.cell}: ${failure.message}`;
    const rollback = r.onFailure === 'rollback';
    const failed = await this.transition(r, driverId, {
      expectState: ['running'],
      release: { state: rollback ? 'rolling-back' : 'paused', reason },
      step: {
        index: step.index,
        expectState: [step.state],
        expectAttempt: step.attempt,
        set: { state: 'failed', finishedAt: this.now(), gates },
      },
      events: [
        ...gateEvents(step, gates),
        {
          type: rollback ? 'rolling-back' : 'paused',
          step: step.index,
          message: rollback
            ? `Rolling back: ${reason}`
            : `Paused: ${reason}; retry the step or abort`,
        },
      ],
    });
    if (failed) {
      this.logger.warn('Release step failed', {
        app: r.app,
        release: r.id,
        step: step.index + 1,
        cell: failure.cell,
        gate: failure.name,
        reason,
      });
    }
    return failed;
  }

  async applyFailurePolicy(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
    reason: string,
  ): Promise<boolean> {
    const rollback = r.onFailure === 'rollback';
    return this.transition(r, driverId, {
      expectState: ['running'],
      release: { state: rollback ? 'rolling-back' : 'paused', reason },
      step: {
        index: step.index,
        expectState: ['failed'],
        expectAttempt: step.attempt,
        set: {},
      },
      events: [
        {
          type: rollback ? 'rolling-back' : 'paused',
          step: step.index,
          message: rollback ? `Rolling back: ${reason}` : `Paused: ${reason}`,
        },
      ],
    });
  }

  async pauseInconclusive(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
    gates: GateStatus[],
    gate: GateStatus,
    cell: string,
  ): Promise<boolean> {
    const reason = `gate ${gate.name} is inconclusive in cell ${cell}: ${gate.message}`;
    await this.transition(r, driverId, {
      expectState: ['running'],
      release: { state: 'paused', reason },
      step: this.bakingGuard(step, { gates }),
      events: [
        ...gateEvents(step, gates),
        {
          type: 'paused',
          step: step.index,
          cell,
          message: `Paused: ${reason}; resume to measure again, promote to accept, retry or abort`,
        },
      ],
    });
    return false;
  }

  private bakingGuard(step: StepRecord, set: StepChanges) {
    return {
      index: step.index,
      expectState: ['baking' as const],
      expectAttempt: step.attempt,
      set,
    };
  }

  async writeGates(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
    gates: GateStatus[],
    extra: { state?: 'baking'; readyAt?: number } = {},
    events: ReleaseEventInput[] = [],
  ): Promise<boolean> {
    return this.transition(r, driverId, {
      expectState: ['running'],
      step: {
        index: step.index,
        expectState: [step.state],
        expectAttempt: step.attempt,
        expectGates: step.gates,
        set: { gates, ...extra },
      },
      events: [...gateEvents(step, gates), ...events],
    });
  }
}
