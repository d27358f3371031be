import {
  GateStatus,
  Release,
  ReleaseEvent,
  ReleaseState,
  ReleaseStep,
  ReleaseStepPlan,
  StepState,
  VersionSpec,
} from '@cellport/plugin-cells-common';

/**
 * A release step as persisted, with what the engine needs to resume it (times in ms since the
 * epoch).
 *
 * @public
 */
export interface StepRecord {
  index: number;
  plan: ReleaseStepPlan;
  state: StepState;
  /** 0 for the first run, +1 on every retry. */
  attempt: number;
  startedAt?: number;
  finishedAt?: number;
  /** When the readiness gate fails unless every new pod is Ready (reset on resume). */
  deadlineAt?: number;
  /** When every new pod was Ready: the bake and the metric gates count from here. */
  readyAt?: number;
  /** New-version replicas per touched cell. */
  targets?: Record<string, number>;
  /** Touched cells the new version was applied to in this attempt. */
  applied: string[];
  /** Restarts of the new version's pods (`<cell>/<pod>`) when the attempt started. */
  baseline: Record<string, number>;
  gates: GateStatus[];
  /** A Master promoted the step: the rest of its bake (and its approval) is skipped. */
  promoted: boolean;
}

/**
 * A release as persisted.
 *
 * @public
 */
export interface ReleaseRecord {
  id: string;
  app: string;
  version: string;
  state: ReleaseState;
  onFailure: 'rollback' | 'pause';
  currentStep: number;
  fromVersions: Record<string, string | null>;
  skippedCells: string[];
  /** Cells already rolled back (rolling-back) or switched to the new version (finishing). */
  doneCells: string[];
  /** The new version's spec when the release started. */
  versionSpec: VersionSpec;
  /** The specs of the cells' stable versions when the release started, by version name. */
  stableSpecs: Record<string, VersionSpec>;
  reason?: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  driverId?: string;
  leaseExpiresAt?: number;
  steps: StepRecord[];
}

/**
 * A timeline event to record. Events with a `dedupeKey` are recorded once: a second insert with
 * the same key is ignored.
 *
 * @public
 */
export interface ReleaseEventInput {
  type: string;
  message: string;
  step?: number;
  cell?: string;
  actor?: string;
  dedupeKey?: string;
}

/**
 * A timeline event as stored, with the driver that recorded it (none for user actions).
 *
 * @public
 */
export type StoredReleaseEvent = ReleaseEvent & { driverId?: string };

const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/**
 * The API view of a step.
 *
 * @public
 */
export function toReleaseStep(step: StepRecord): ReleaseStep & {
  attempt: number;
  readyAt?: string;
  deadlineAt?: string;
  promoted: boolean;
} {
  return {
    index: step.index,
    plan: step.plan,
    state: step.state,
    attempt: step.attempt,
    startedAt: iso(step.startedAt),
    finishedAt: iso(step.finishedAt),
    readyAt: iso(step.readyAt),
    deadlineAt: iso(step.deadlineAt),
    targets: step.targets,
    gates: step.gates,
    promoted: step.promoted,
  };
}

/**
 * The API view of a release.
 *
 * @public
 */
export function toRelease(record: ReleaseRecord): Release {
  return {
    id: record.id,
    app: record.app,
    version: record.version,
    fromVersions: record.fromVersions,
    state: record.state,
    onFailure: record.onFailure,
    currentStep: record.currentStep,
    steps: record.steps.map(toReleaseStep),
    skippedCells: record.skippedCells,
    reason: record.reason,
    createdBy: record.createdBy,
    createdAt: iso(record.createdAt)!,
    updatedAt: iso(record.updatedAt)!,
    finishedAt: iso(record.finishedAt),
  };
}
