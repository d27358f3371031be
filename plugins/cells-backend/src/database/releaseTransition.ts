import {
  FINAL_RELEASE_STATES,
  ReleaseState,
} from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { insertEvents, stepColumns } from './releaseRows';
import { RELEASE_TABLES as T } from './releaseMigrations';
import { ReleaseTransition } from './ReleaseStore';

/** Thrown inside a transition's transaction to roll it back when a step expectation fails. */
const GUARD_FAILED = new Error('release transition guard failed');

const isFinal = (state: ReleaseState) => FINAL_RELEASE_STATES.includes(state);

/**
 * Applies a guarded {@link ReleaseTransition} in one transaction: the release row is updated
 * only when its expectations hold, then the step's (undone when they fail), then the events are
 * appended. False (nothing written) when an expectation failed.
 */
export async function applyTransition(
  knex: Knex,
  t: ReleaseTransition,
): Promise<boolean> {
  return knex
    .transaction(async tx => {
      const releaseQuery = tx(T.releases).where({ id: t.releaseId });
      if (t.expectState) {
        releaseQuery.whereIn('state', t.expectState);
      }
      if (t.expectCurrentStep !== undefined) {
        releaseQuery.where({ current_step: t.expectCurrentStep });
      }
      if (t.driverId) {
        releaseQuery.where({ driver_id: t.driverId });
      }
      if (t.expectDoneCells) {
        releaseQuery.where({ done_cells: JSON.stringify(t.expectDoneCells) });
      }
      if (t.expectSkippedCells) {
        releaseQuery.where({
          skipped_cells: JSON.stringify(t.expectSkippedCells),
        });
      }
      const r = t.release ?? {};
      const releaseSet: Record<string, unknown> = { updated_at: t.now };
      if (r.state !== undefined) {
        releaseSet.state = r.state;
        if (isFinal(r.state)) {
          releaseSet.live_app = null;
          releaseSet.finished_at = t.now;
        }
      }
      if (r.currentStep !== undefined) {
        releaseSet.current_step = r.currentStep;
      }
      if (r.skippedCells !== undefined) {
        releaseSet.skipped_cells = JSON.stringify(r.skippedCells);
      }
      if (r.doneCells !== undefined) {
        releaseSet.done_cells = JSON.stringify(r.doneCells);
      }
      if (r.reason !== undefined) {
        releaseSet.reason = r.reason;
      }
      const updated = await releaseQuery.update(releaseSet);
      if (updated !== 1) {
        return false;
      }
      if (t.step) {
        const s = t.step;
        const stepQuery = tx(T.steps).where({
          release_id: t.releaseId,
          idx: s.index,
        });
        if (s.expectState) {
          stepQuery.whereIn('state', s.expectState);
        }
        if (s.expectAttempt !== undefined) {
          stepQuery.where({ attempt: s.expectAttempt });
        }
        if (s.expectApplied) {
          stepQuery.where({ applied: JSON.stringify(s.expectApplied) });
        }
        if (s.expectGates) {
          stepQuery.where({ gates: JSON.stringify(s.expectGates) });
        }
        const columns = stepColumns(s.set);
        // a guard-only step check needs no lock of its own: every transition of a release
        // updates (and so locks) the release row first
        const stepUpdated = Object.keys(columns).length
          ? await stepQuery.update(columns)
          : (await stepQuery.select('idx')).length;
        if (stepUpdated !== 1) {
          throw GUARD_FAILED; // undoes the release update
        }
      }
      await insertEvents(tx, t.releaseId, t.now, t.events ?? [], t.driverId);
      return true;
    })
    .catch(error => {
      if (error === GUARD_FAILED) {
        return false;
      }
      throw error;
    });
}
