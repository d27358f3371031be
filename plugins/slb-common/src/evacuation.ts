/**
 * Cell evacuation: a cell's servers leave every upstream of its region's LB groups while each
 * app's other cells scale up to carry its replicas; un-evacuating brings the cell back gradually.
 * The plan, the evacuation record with its timeline, the request schemas and the etcd mark the
 * service discovery honours.
 */
import { z } from 'zod';
import { dnsLabelSchema } from './types';

/**
 * One other cell of an app during an evacuation: its replicas before, during (`to`), and its
 * normal size from the app's spec (what un-evacuating scales it back to).
 *
 * @public
 */
export interface EvacuationTarget {
  cell: string;
  from: number;
  to: number;
  specReplicas: number;
}

/**
 * What evacuating a cell does to one app.
 *
 * @public
 */
export interface AppEvacuationPlan {
  app: string;
  /** The stable version whose replicas move (undefined: unknown). */
  version?: string;
  /** The app's servers of the cell in the region's upstreams. */
  servers: number;
  /** Replicas of the version in the evacuated cell (what the other cells should carry). */
  replicas: number;
  targets: EvacuationTarget[];
  /** Replicas no other cell can carry. */
  uncarried: number;
  /** Why replicas cannot be carried, or what bounded them. */
  notes: string[];
}

/**
 * The plan of an evacuation, shown before it runs and kept with it.
 *
 * @public
 */
export interface EvacuationPlan {
  cell: string;
  region: string;
  /** The LB groups of the region whose upstreams the cell's servers leave. */
  groups: string[];
  apps: AppEvacuationPlan[];
  createdAt: string;
}

/**
 * The states of an evacuation: `evacuating` (scaling up, then taking the servers out),
 * `evacuated`, `restoring` (servers re-entering with growing weight, other cells scaled back),
 * `restored` (over), `failed` (stopped with an error; the cell stays out of the upstreams until
 * it is restored).
 *
 * @public
 */
export type EvacuationState = 'evacuating' | 'evacuated' | 'restoring' | 'restored' | 'failed';

/**
 * One entry of an evacuation's timeline.
 *
 * @public
 */
export interface EvacuationEvent {
  at: string;
  level: 'info' | 'warning' | 'error';
  /** The step: `plan`, `scale-up`, `ready`, `upstreams`, `agents`, `ramp`, `scale-back`, `done`. */
  step: string;
  message: string;
}

/**
 * An evacuation as stored and shown.
 *
 * @public
 */
export interface Evacuation {
  id: string;
  cell: string;
  region: string;
  state: EvacuationState;
  /** `manual` (a platform admin) or `automatic` (the cell stayed unreachable). */
  trigger: 'manual' | 'automatic';
  reason: string;
  plan: EvacuationPlan;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  restoreRequestedBy?: string;
  error?: string;
  events: EvacuationEvent[];
}

/** The body of `POST /evacuations/plan` and `POST /evacuations`. @public */
export const evacuationRequestSchema = z.strictObject({
  cell: dnsLabelSchema,
  reason: z.string().trim().min(1).max(500).optional(),
});
/** @public */
export type EvacuationRequest = z.infer<typeof evacuationRequestSchema>;

/**
 * What the service discovery reads under `/slb/{group}/evacuated/{cell}`: the percent of its
 * normal weight the cell's servers get (0: out of every upstream). No key: the cell is normal.
 * Agents ignore these keys.
 *
 * @public
 */
export const cellWeightMarkSchema = z.strictObject({
  evacuationId: z.string(),
  percent: z.number().int().min(0).max(100),
});
/** @public */
export type CellWeightMark = z.infer<typeof cellWeightMarkSchema>;

/**
 * The etcd key of a cell's weight mark in a group.
 *
 * @public
 */
export function cellWeightMarkKey(group: string, cell: string): string {
  return `/slb/${group}/evacuated/${cell}`;
}

/**
 * Applies cells' weight marks to upstream servers: servers of a cell at 0 percent leave, those
 * of a cell at p percent keep p/100 of their weight relative to the others (every other weight is
 * multiplied by 100 so small shares stay integers; a server keeps at least 1 while p is above 0).
 *
 * @public
 */
export function applyCellWeights<S extends { cell: string; weight: number }>(
  servers: S[],
  percents: ReadonlyMap<string, number>,
): S[] {
  if (percents.size === 0) return servers;
  const kept = servers.filter(s => (percents.get(s.cell) ?? 100) > 0);
  const ramping = kept.some(s => (percents.get(s.cell) ?? 100) < 100);
  if (!ramping) return kept;
  return kept.map(s => {
    const p = percents.get(s.cell) ?? 100;
    if (s.weight === 0) return s;
    const weight = p >= 100 ? s.weight * 100 : Math.max(1, Math.round(s.weight * p));
    return { ...s, weight: Math.min(weight, 10000) };
  });
}
