import { LoggerService } from '@backstage/backend-plugin-api';
import { ReleaseStore } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { CellWorkloads } from '../kube/types';
import { Transition, transitionOn } from './engineSupport';
import { GateSourceRegistry } from './GateSource';
import { StepOutcomes } from './StepOutcomes';

/** What every phase of a running step works with (the {@link ReleaseEngine}'s dependencies). */
export interface StepPhaseDeps {
  store: ReleaseStore;
  workloads: CellWorkloads;
  appStore: AppStore;
  gateSources: GateSourceRegistry;
  logger: LoggerService;
  now: () => number;
  outcomes: StepOutcomes;
}

/**
 * The base of the phases of a running step ({@link StepStart}, {@link StepProgress},
 * {@link StepBake}): each takes one guarded transition of the step from what is persisted and
 * says whether the release moved (so the engine re-reads it and goes on).
 */
export abstract class StepPhase {
  protected readonly transition: Transition;
  protected readonly outcomes: StepOutcomes;
  protected readonly workloads: CellWorkloads;
  protected readonly appStore: AppStore;
  protected readonly gateSources: GateSourceRegistry;
  protected readonly logger: LoggerService;
  protected readonly now: () => number;

  constructor(deps: StepPhaseDeps) {
    this.transition = transitionOn(deps.store, deps.now);
    this.outcomes = deps.outcomes;
    this.workloads = deps.workloads;
    this.appStore = deps.appStore;
    this.gateSources = deps.gateSources;
    this.logger = deps.logger;
    this.now = deps.now;
  }
}

/** A deep copy of persisted state the phase edits before writing it back. */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));
