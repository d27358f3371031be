import { LoggerService } from '@backstage/backend-plugin-api';
import { FINAL_RELEASE_STATES } from '@cellport/plugin-cells-common';
import { ReleaseRecord, toRelease } from '../../database/ReleaseRecords';
import { ReleaseStore } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { CellWorkloads } from '../kube/types';
import { GateSourceRegistry } from './GateSource';
import { ReleaseEndings } from './ReleaseEndings';
import { ReleaseListener } from './ReleaseListener';
import { StepBake } from './StepBake';
import { StepOutcomes } from './StepOutcomes';
import { StepProgress } from './StepProgress';
import { StepStart } from './StepStart';

/**
 * Dependencies of {@link ReleaseEngine}.
 *
 * @public
 */
export interface ReleaseEngineOptions {
  store: ReleaseStore;
  workloads: CellWorkloads;
  appStore: AppStore;
  gateSources: GateSourceRegistry;
  logger: LoggerService;
  /** The clock (ms since the epoch); injectable for tests. */
  now?: () => number;
  /** Told once about every release that ends (e.g. to notify whoever started it). */
  listener?: ReleaseListener;
}

/** Transitions one tick may chain before it yields (each one re-reads the release). */
const MAX_TRANSITIONS_PER_TICK = 25;

const isFinal = (state: ReleaseRecord['state']) =>
  FINAL_RELEASE_STATES.includes(state);

/**
 * The release state machine. {@link ReleaseEngine.tick} advances one release from what is
 * persisted: every decision is re-derived from the database, every cell action is an idempotent
 * apply, and every transition is a guarded write (expected state, step, attempt and the driver's
 * lease), so a tick can be repeated, cut short by a crash or raced by another driver without a
 * step being done twice or lost.
 *
 * @public
 */
export class ReleaseEngine {
  private readonly store: ReleaseStore;
  private readonly endings: ReleaseEndings;
  private readonly outcomes: StepOutcomes;
  private readonly steps: {
    start: StepStart;
    progress: StepProgress;
    bake: StepBake;
  };
  private readonly logger: LoggerService;

  constructor(options: ReleaseEngineOptions) {
    const now = options.now ?? Date.now;
    const { store, workloads, appStore, logger } = options;
    this.store = store;
    this.logger = logger;
    this.outcomes = new StepOutcomes({ store, workloads, logger, now });
    const deps = {
      store,
      workloads,
      appStore,
      gateSources: options.gateSources,
      logger,
      now,
      outcomes: this.outcomes,
    };
    this.steps = {
      start: new StepStart(deps),
      progress: new StepProgress(deps),
      bake: new StepBake(deps),
    };
    this.endings = new ReleaseEndings({
      store,
      workloads,
      appStore,
      logger,
      now,
      listener: options.listener,
      read: async id => {
        const record = await store.getRelease(id);
        return record && toRelease(record);
      },
    });
  }

  /**
   * Advances a release as far as it can go now, as `driverId` (which must hold its lease). Does
   * nothing for paused, waiting or final releases.
   */
  async tick(releaseId: string, driverId: string): Promise<void> {
    for (let i = 0; i < MAX_TRANSITIONS_PER_TICK; i++) {
      const release = await this.store.getRelease(releaseId);
      if (!release || release.driverId !== driverId || isFinal(release.state)) {
        return;
      }
      let progressed = false;
      if (release.state === 'running') {
        progressed = await this.drive(release, driverId);
      } else if (release.state === 'rolling-back') {
        progressed = await this.endings.rollBack(release, driverId);
      }
      if (!progressed) {
        return;
      }
    }
  }

  private async drive(r: ReleaseRecord, driverId: string): Promise<boolean> {
    if (r.currentStep >= r.steps.length) {
      return this.endings.finish(r, driverId);
    }
    const step = r.steps[r.currentStep];
    switch (step.state) {
      case 'pending':
        return this.steps.start.run(r, step, driverId);
      case 'progressing':
        return this.steps.progress.run(r, step, driverId);
      case 'baking':
        return this.steps.bake.run(r, step, driverId);
      case 'failed': {
        // only reachable if a failure's release transition was undone by hand: apply the policy
        const gate = step.gates.find(g => g.phase === 'failed');
        return this.outcomes.applyFailurePolicy(
          r,
          step,
          driverId,
          `step ${step.index + 1} failed${gate ? `: ${gate.message}` : ''}`,
        );
      }
      default:
        // succeeded, skipped or waiting-approval with the release still running cannot happen
        // (those transitions move the release in the same transaction)
        this.logger.warn('Release step in an unexpected state', {
          release: r.id,
          step: step.index,
          state: step.state,
        });
        return false;
    }
  }
}
