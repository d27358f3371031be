import { z } from 'zod';

/**
 * Operations of one UTC day, counted from the cells plugin's durable records.
 *
 * @public
 */
export type CellsOperationsDay = {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /** Versions deployed (`POST /apps/:app/versions`). */
  deploys: number;
  /** Releases started. */
  releases: number;
  /** Releases that ended rolled back. */
  rollbacks: number;
  /** Versions scaled by hand in a cell. */
  scalings: number;
};

/**
 * A release that ended rolled back or failed.
 *
 * @public
 */
export type FailedRelease = {
  app: string;
  releaseId: string;
  version: string;
  /** ISO time the release ended. */
  failedAt: string;
  reason: string;
  /** Entity ref of who started it. */
  startedBy: string;
};

/**
 * Answer of `GET /admin/operations`: every day present (oldest first), the latest failed
 * releases (newest first, at most 20).
 *
 * @public
 */
export type CellsOperationsReport = {
  days: CellsOperationsDay[];
  failedReleases: FailedRelease[];
};

/**
 * CPU, memory and pods.
 *
 * @public
 */
export type ResourceAmounts = {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
};

/**
 * One cell's capacity (its Ready nodes' allocatable) and what its non-terminated pods request.
 *
 * @public
 */
export type CellCapacity = {
  cell: string;
  reachable: boolean;
  /** Why the cell could not be read (reachable false). */
  error?: string;
  allocatable: ResourceAmounts;
  requested: ResourceAmounts;
};

/**
 * Answer of `GET /admin/capacity`.
 *
 * @public
 */
export type CapacityReport = {
  regions: { region: string; cells: CellCapacity[] }[];
};

/**
 * Limits of a quota; an omitted limit is unlimited.
 *
 * @public
 */
export type QuotaLimits = {
  apps?: number;
  cpuMillis?: number;
  memoryBytes?: number;
};

/**
 * What an owner group uses: its apps, and the CPU and memory its apps' deployed versions request
 * (requests × replicas, summed over every cell).
 *
 * @public
 */
export type QuotaUsage = {
  apps: number;
  cpuMillis: number;
  memoryBytes: number;
};

/**
 * An owner group's quota with its usage (limits `{}` when no quota is set).
 *
 * @public
 */
export type OwnerGroupQuota = {
  /** `group:<namespace>/<name>`. */
  ownerGroup: string;
  limits: QuotaLimits;
  usage: QuotaUsage;
  updatedBy?: string;
  updatedAt?: string;
};

const limit = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0 or more`)
    .max(Number.MAX_SAFE_INTEGER, `${what} is too large`)
    .optional();

/**
 * Body of `PUT /admin/quotas/:ownerGroup`: non-negative whole numbers, omitted = unlimited.
 *
 * @public
 */
export const setQuotaRequestSchema = z
  .object({
    apps: limit('apps'),
    cpuMillis: limit('cpuMillis'),
    memoryBytes: limit('memoryBytes'),
  })
  .strict();

/**
 * Query of `GET /admin/operations`.
 *
 * @public
 */
export const operationsQuerySchema = z
  .object({
    days: z.coerce
      .number({ error: 'days must be a number' })
      .int('days must be a whole number')
      .min(1, 'days must be from 1 to 90')
      .max(90, 'days must be from 1 to 90')
      .default(30),
  })
  .strict();
