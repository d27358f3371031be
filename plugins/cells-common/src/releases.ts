import { z } from 'zod';
import { dnsLabelSchema, MAX_VERSION_NAME_LENGTH } from './apps';

/**
 * A metric gate: a query evaluated every interval against a threshold, with Argo Rollouts' analysis
 * semantics. A measurement fails when the value breaks the threshold, and is inconclusive when
 * the source has no value (no data, NaN) or errs. More failures than `failureLimit` fail the
 * gate (the touched cells roll back); more inconclusive measurements than `inconclusiveLimit`
 * pause the release for a human decision.
 *
 * The query is a template: `{{app}}`, `{{version}}`, `{{cell}}`, `{{namespace}}` and
 * `{{stableVersion}}` are replaced (values are escaped for PromQL string literals).
 *
 * @public
 */
export const metricGateSchema = z.object({
  name: z.string().min(1).max(100),
  /** The gate source, e.g. `prometheus` (others: `skywalking`, `slb` when installed). */
  source: z.string().min(1).max(50).default('prometheus'),
  query: z.string().min(1).max(4000),
  /** The measurement passes when `value <op> threshold`. */
  op: z.enum(['<', '<=', '>', '>=']),
  threshold: z.number(),
  intervalSeconds: z.number().int().min(1).max(3600).default(10),
  /** How many measurements the gate takes; default: as many as fit in the step's bake time, at least 1. */
  count: z.number().int().min(1).max(1000).optional(),
  failureLimit: z.number().int().min(0).max(1000).default(0),
  inconclusiveLimit: z.number().int().min(0).max(1000).default(0),
});

/**
 * A metric gate as given (defaults not yet applied).
 *
 * @public
 */
export type MetricGate = z.output<typeof metricGateSchema>;

/**
 * How large the canary is in each cell of a step: a number of replicas, or a percentage of the
 * new version's replicas in that cell (100 = fully rolled out).
 *
 * @public
 */
export const canarySizeSchema = z.union([
  z.object({ replicas: z.number().int().min(1).max(500) }).strict(),
  z.object({ percent: z.number().int().min(1).max(100) }).strict(),
]);

/**
 * The canary size of a step.
 *
 * @public
 */
export type CanarySize = z.output<typeof canarySizeSchema>;

/**
 * One step of a release plan.
 *
 * @public
 */
export const releaseStepPlanSchema = z.object({
  /** The placement mask: the cells this step touches; the others are left exactly as they are. */
  cells: z.array(dnsLabelSchema('cell name')).min(1, 'a step names at least one cell'),
  canary: canarySizeSchema,
  /**
   * The share of the app's traffic (percent, 0–100) the new version gets while this step runs,
   * applied through load balancer weights whatever the replica counts (needs a load balancer
   * that reads it, such as the Cellport slb plugin for apps with a domain). Unset: traffic
   * follows the replicas. The share ends when the release ends; a rollback gives it back to the
   * old version.
   */
  trafficPercent: z
    .number({ message: 'trafficPercent must be a number from 0 to 100' })
    .int('trafficPercent must be a whole number of percent')
    .min(0, 'trafficPercent must be from 0 to 100')
    .max(100, 'trafficPercent must be from 0 to 100')
    .optional(),
  /** Every new pod must be Ready within this many seconds. */
  readyDeadlineSeconds: z.number().int().min(1).max(3600).default(300),
  /** Fail when a new pod restarts. */
  noRestarts: z.boolean().default(true),
  metrics: z.array(metricGateSchema).max(20).default([]),
  /** How long the step runs once every new pod is Ready, metric gates measuring meanwhile. */
  bakeSeconds: z.number().int().min(0).max(86400).default(0),
  /** `manual`: the step waits for a Master's approval (promote) before the next one. */
  approval: z.enum(['auto', 'manual']).default('auto'),
});

/**
 * One step of a release plan (defaults applied).
 *
 * @public
 */
export type ReleaseStepPlan = z.output<typeof releaseStepPlanSchema>;

/**
 * Body of `POST /apps/:app/releases`: move the app's cells to `version` along `steps`. Every cell
 * the plan names must reach 100% in some step. `onFailure: 'pause'` stops at a failed gate (retry
 * or abort) instead of rolling back at once.
 *
 * @public
 */
export const startReleaseRequestSchema = z.object({
  version: dnsLabelSchema('version name', MAX_VERSION_NAME_LENGTH),
  steps: z.array(releaseStepPlanSchema).min(1, 'a release has at least one step').max(20),
  onFailure: z.enum(['rollback', 'pause']).default('rollback'),
});

/**
 * Body of `POST /apps/:app/releases`.
 *
 * @public
 */
export type StartReleaseRequest = z.input<typeof startReleaseRequestSchema>;

/**
 * A release plan with defaults applied.
 *
 * @public
 */
export type ReleasePlan = z.output<typeof startReleaseRequestSchema>;

/**
 * Where a release is. `running`, `paused`, `waiting-approval` and `rolling-back` are live; the
 * others are final.
 *
 * @public
 */
export type ReleaseState =
  | 'running'
  | 'paused'
  | 'waiting-approval'
  | 'rolling-back'
  | 'succeeded'
  | 'rolled-back'
  | 'failed';

/**
 * The final release states.
 *
 * @public
 */
export const FINAL_RELEASE_STATES: readonly ReleaseState[] = [
  'succeeded',
  'rolled-back',
  'failed',
];

/**
 * Where a step is.
 *
 * @public
 */
export type StepState =
  | 'pending'
  | 'progressing'
  | 'baking'
  | 'waiting-approval'
  | 'succeeded'
  | 'failed'
  | 'skipped';

/**
 * One measurement of a metric gate.
 *
 * @public
 */
export interface GateMeasurement {
  at: string;
  cell: string;
  /** The value, or undefined when inconclusive. */
  value?: number;
  phase: 'successful' | 'failed' | 'inconclusive';
  message?: string;
}

/**
 * A gate's state in a step: readiness, restarts, bake or one metric gate.
 *
 * @public
 */
export interface GateStatus {
  name: string;
  kind: 'readiness' | 'restarts' | 'bake' | 'metric';
  phase: 'pending' | 'running' | 'successful' | 'failed' | 'inconclusive';
  /** Human summary, e.g. `2/2 pods Ready` or `error ratio 0.21 >= 0.01`. */
  message?: string;
  /** For metric gates: the threshold as text, e.g. `< 0.01`. */
  threshold?: string;
  measurements?: GateMeasurement[];
  failed?: number;
  inconclusive?: number;
  /** For the bake gate: how much of the bake has counted so far. */
  bake?: BakeProgress;
}

/**
 * Progress of a step's bake. Bake time counts only while every touched cell was checked reachable
 * and healthy; an outage, unready pods, a pause or a gap with no driver do not count.
 *
 * @public
 */
export interface BakeProgress {
  /** Bake time counted so far (ms). */
  bakedMs: number;
  /** Time since the pods were Ready that did not count (ms): the bake's extension. */
  lostMs: number;
  /** When the cells were last checked (epoch ms). */
  checkedAt: number;
  /** Whether every touched cell was reachable and healthy at that check (the clock runs). */
  healthy: boolean;
}

/**
 * A step of a release with its progress.
 *
 * @public
 */
export interface ReleaseStep {
  index: number;
  plan: ReleaseStepPlan;
  state: StepState;
  startedAt?: string;
  finishedAt?: string;
  /** When every new pod was Ready: the bake (and metric measuring) started then. */
  readyAt?: string;
  /** Desired new-version replicas per touched cell. */
  targets?: Record<string, number>;
  gates: GateStatus[];
}

/**
 * A release with its steps.
 *
 * @public
 */
export interface Release {
  id: string;
  app: string;
  version: string;
  /** The stable version of each cell when the release started. */
  fromVersions: Record<string, string | null>;
  state: ReleaseState;
  onFailure: 'rollback' | 'pause';
  currentStep: number;
  steps: ReleaseStep[];
  /** Cells skipped (unreachable), left on their old version and shown as drifted. */
  skippedCells: string[];
  /** Why it is paused, rolled back or failed. */
  reason?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/**
 * One line of a release's timeline.
 *
 * @public
 */
export interface ReleaseEvent {
  id: number;
  releaseId: string;
  at: string;
  step?: number;
  cell?: string;
  type: string;
  message: string;
  actor?: string;
}

/**
 * Body of `POST /apps/:app/releases/:id/actions`.
 *
 * @public
 */
export const releaseActionRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('promote') }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('abort') }),
  z.object({ action: z.literal('retry') }),
  z.object({ action: z.literal('skip-cell'), cell: dnsLabelSchema('cell name') }),
]);

/**
 * Body of `POST /apps/:app/releases/:id/actions`.
 *
 * @public
 */
export type ReleaseActionRequest = z.input<typeof releaseActionRequestSchema>;
