import { ReleaseRecord, StepRecord } from '../../database/ReleaseRecords';
import { errorMessage, observePods, restartFailure } from './engineSupport';
import { touchedCells } from './planning';
import { clone, StepPhase } from './StepPhase';

/**
 * A progressing step: applies the new version in the cells not applied yet, then waits for the
 * canary pods to be Ready (fails on the deadline or a restart) and moves the step to baking.
 */
export class StepProgress extends StepPhase {
  /** Takes the progressing step one transition further; true when the release moved. */
  async run(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
  ): Promise<boolean> {
    const touched = touchedCells(step.plan, r.skippedCells);
    const targets = step.targets ?? {};
    const guard = {
      index: step.index,
      expectState: ['progressing' as const],
      expectAttempt: step.attempt,
    };
    const toApply = touched.filter(cell => !step.applied.includes(cell));
    if (toApply.length) {
      const results = await Promise.allSettled(
        toApply.map(cell =>
          this.workloads.applyVersion(
            cell,
            r.app,
            { name: r.version, spec: r.versionSpec },
            targets[cell] ?? 0,
          ),
        ),
      );
      const applied = toApply.filter(
        (_, i) => results[i].status === 'fulfilled',
      );
      const errors = toApply
        .map((cell, i) => {
          const result = results[i];
          return result.status === 'rejected'
            ? `${cell}: ${errorMessage(result.reason)}`
            : undefined;
        })
        .filter((e): e is string => Boolean(e));
      if (errors.length) {
        this.logger.warn('Release could not apply the new version', {
          app: r.app,
          release: r.id,
          step: step.index + 1,
          errors: errors.join('; '),
        });
      }
      const failedCells = toApply.filter(
        (_, i) => results[i].status === 'rejected',
      );
      if (failedCells.length && !applied.length) {
        if (
          await this.outcomes.pauseIfUnreachable(r, step, driverId, failedCells)
        ) {
          return false;
        }
      }
      if (applied.length) {
        const written = await this.transition(r, driverId, {
          expectState: ['running'],
          step: {
            ...guard,
            expectApplied: step.applied,
            set: { applied: [...step.applied, ...applied] },
          },
          events: applied.map(cell => ({
            type: 'cell-applied',
            step: step.index,
            cell,
            message: `${cell}: ${targets[cell] ?? 0} replica(s) of ${
              r.version
            } applied`,
            dedupeKey: `cell-applied:${step.index}:${step.attempt}:${cell}`,
          })),
        });
        return written && errors.length === 0;
      }
      if (this.now() >= (step.deadlineAt ?? Infinity)) {
        return this.outcomes.failStep(r, step, driverId, {
          kind: 'readiness',
          name: 'readiness',
          cell: toApply[0],
          message: `the new version could not be applied within ${step.plan.readyDeadlineSeconds}s: ${errors[0]}`,
        });
      }
      return false;
    }

    const seen = await observePods(this.workloads, r, step, touched);
    const unread = touched.filter(cell => seen[cell].error);
    if (
      unread.length &&
      (await this.outcomes.pauseIfUnreachable(r, step, driverId, unread))
    ) {
      return false;
    }
    const restart = step.plan.noRestarts && restartFailure(touched, seen);
    if (restart) {
      return this.outcomes.failStep(r, step, driverId, restart);
    }
    const summary = touched
      .map(cell => `${cell} ${seen[cell].ready}/${targets[cell] ?? 0}`)
      .join(', ');
    const notReady = touched.filter(
      cell => seen[cell].ready < (targets[cell] ?? 0),
    );
    const gates = clone(step.gates);
    const readiness = gates.find(g => g.kind === 'readiness')!;
    if (notReady.length === 0) {
      readiness.phase = 'successful';
      readiness.message = `${summary} pods Ready`;
      for (const gate of gates) {
        if (gate.kind !== 'readiness') {
          gate.phase = 'running';
        }
        if (gate.kind === 'bake') {
          gate.message = `${step.plan.bakeSeconds}s`;
        }
      }
      return this.outcomes.writeGates(r, step, driverId, gates, {
        state: 'baking',
        readyAt: this.now(),
      });
    }
    if (this.now() >= (step.deadlineAt ?? Infinity)) {
      const cell = notReady[0];
      const why = seen[cell].error ? ` (${seen[cell].error})` : '';
      return this.outcomes.failStep(r, step, driverId, {
        kind: 'readiness',
        name: 'readiness',
        cell,
        message: `${seen[cell].ready}/${targets[cell] ?? 0} pods Ready after ${
          step.plan.readyDeadlineSeconds
        }s${why}`,
      });
    }
    const message = `${summary} pods Ready`;
    if (readiness.message !== message) {
      readiness.message = message;
      await this.outcomes.writeGates(r, step, driverId, gates);
    }
    return false;
  }
}
