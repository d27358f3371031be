import {
  GateStatus,
  ReleaseState,
  StepState,
} from '@cellport/plugin-cells-common';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StepRecord,
  StoredReleaseEvent,
} from './ReleaseRecords';

/**
 * The step columns a transition may set.
 *
 * @public
 */
export type StepChanges = Partial<
  Pick<
    StepRecord,
    'state' | 'attempt' | 'applied' | 'baseline' | 'gates' | 'promoted'
  > & {
    targets: Record<string, number> | null;
    startedAt: number | null;
    finishedAt: number | null;
    deadlineAt: number | null;
    readyAt: number | null;
  }
>;

/**
 * A guarded change of a release (and at most one of its steps) with the timeline events it
 * causes, written in one transaction only when every expectation holds, so that a re-run tick,
 * a second driver or a concurrent user action can never write the same transition twice.
 *
 * @public
 */
export interface ReleaseTransition {
  releaseId: string;
  now: number;
  /** The release must be in one of these states. */
  expectState?: ReleaseState[];
  /** The release must be at this step. */
  expectCurrentStep?: number;
  /** The release must be leased by this driver (fencing); recorded on the events. */
  driverId?: string;
  /** Compare-and-set of the done cells. */
  expectDoneCells?: string[];
  /** Compare-and-set of the skipped cells. */
  expectSkippedCells?: string[];
  release?: Partial<{
    state: ReleaseState;
    currentStep: number;
    skippedCells: string[];
    doneCells: string[];
    reason: string | null;
  }>;
  step?: {
    index: number;
    expectState?: StepState[];
    expectAttempt?: number;
    /** Compare-and-set of the applied cells. */
    expectApplied?: string[];
    /** Compare-and-set of the gates. */
    expectGates?: GateStatus[];
    set: StepChanges;
  };
  events?: ReleaseEventInput[];
}

/**
 * Releases, their steps and timelines, in the plugin database.
 *
 * @public
 */
export interface ReleaseStore {
  /** Inserts a live release; ConflictError naming the live release when the app has one. */
  createRelease(
    record: ReleaseRecord,
    events: ReleaseEventInput[],
  ): Promise<void>;
  getRelease(id: string): Promise<ReleaseRecord | undefined>;
  /**
   * The app's releases, newest first (by creation time, then id); with `before`, only those
   * that come after that position (keyset pagination).
   */
  listReleases(
    app: string,
    options?: { limit?: number; before?: { createdAt: number; id: string } },
  ): Promise<ReleaseRecord[]>;
  /** The app's live release, if any. */
  getLiveRelease(app: string): Promise<ReleaseRecord | undefined>;
  /** Every live release (of every app). */
  listLiveReleases(): Promise<ReleaseRecord[]>;
  /** The timeline, oldest first; `after` an event id for the events since. */
  listEvents(
    releaseId: string,
    options?: { after?: number },
  ): Promise<StoredReleaseEvent[]>;
  /**
   * Forgets the final releases of an app (steps and timeline included), once the app is deleted;
   * a live release is never removed. The number of releases removed.
   */
  deleteFinalReleases(app: string): Promise<number>;
  /** Applies a guarded transition; false (nothing written) when an expectation failed. */
  transition(transition: ReleaseTransition): Promise<boolean>;
  /** Appends events outside of a transition (dedupe keys still apply). */
  appendEvents(
    releaseId: string,
    now: number,
    events: ReleaseEventInput[],
    driverId?: string,
  ): Promise<void>;
  /**
   * Renews the driver's leases and claims live releases whose lease expired (or that have none),
   * up to `max` in all; the ids of every live release the driver now holds.
   */
  claim(options: {
    driverId: string;
    now: number;
    leaseMs: number;
    max: number;
  }): Promise<string[]>;
  /** Gives up the driver's leases (on stop), so that another driver takes over at once. */
  releaseLeases(driverId: string): Promise<void>;
}
