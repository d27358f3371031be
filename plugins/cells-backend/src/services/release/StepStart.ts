import { ReleaseRecord, StepRecord } from '../../database/ReleaseRecords';
import { restartBaseline } from './engineSupport';
import { initialGates, stepTargets, touchedCells } from './planning';
import { StepPhase } from './StepPhase';

/**
 * Starts a pending step: skips it when every cell of it was skipped, pauses when a cell does not
 * answer, else records its targets, deadline and restart baseline and moves it to progressing.
 */
export class StepStart extends StepPhase {
  /** Takes the pending step one transition further; true when the release moved. */
  async run(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
  ): Promise<boolean> {
    const n = step.index + 1;
    const touched = touchedCells(step.plan, r.skippedCells);
    const stepGuard = {
      index: step.index,
      expectState: ['pending' as const],
      expectAttempt: step.attempt,
    };
    if (touched.length === 0) {
      return this.transition(r, driverId, {
        expectState: ['running'],
        release: { currentStep: r.currentStep + 1 },
        step: {
          ...stepGuard,
          set: { state: 'skipped', finishedAt: this.now() },
        },
        events: [
          {
            type: 'step-skipped',
            step: step.index,
            message: `Step ${n}: every cell of the step was skipped`,
            dedupeKey: `step-skipped:${step.index}:${step.attempt}`,
          },
        ],
      });
    }
    // every touched cell must answer before anything is applied in any of them
    if (await this.outcomes.pauseIfUnreachable(r, step, driverId, touched)) {
      return false;
    }
    const targets = stepTargets(step.plan, touched, r.versionSpec);
    const now = this.now();
    const gates = initialGates(step.plan).map(g =>
      g.kind === 'readiness' ? { ...g, phase: 'running' as const } : g,
    );
    const started = await this.transition(r, driverId, {
      expectState: ['running'],
      step: {
        ...stepGuard,
        set: {
          state: 'progressing',
          startedAt: now,
          finishedAt: null,
          deadlineAt: now + step.plan.readyDeadlineSeconds * 1000,
          readyAt: null,
          targets,
          applied: [],
          baseline: await restartBaseline(this.workloads, r, touched),
          gates,
        },
      },
      events: [
        {
          type: 'step-started',
          step: step.index,
          message: `Step ${n}/${r.steps.length} started${
            step.attempt ? ` (attempt ${step.attempt + 1})` : ''
          }: ${touched
            .map(cell => `${cell} → ${targets[cell]}`)
            .join(', ')} replica(s) of ${r.version}`,
          dedupeKey: `step-started:${step.index}:${step.attempt}`,
        },
      ],
    });
    if (started) {
      this.logger.info('Release step started', {
        app: r.app,
        release: r.id,
        step: n,
        cells: touched.join(','),
      });
    }
    return started;
  }
}
