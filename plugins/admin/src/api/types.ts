/**
 * What the admin routes of the cells, registry, builds and slb backends answer (each described in
 * its plugin's OpenAPI document); the cells, registry and slb types come from their `-common`
 * packages.
 */
export type {
  CapacityReport,
  CellCapacity,
  CellsOperationsReport,
  FailedRelease,
  OwnerGroupQuota,
  QuotaLimits,
} from '@cellport/plugin-cells-common';
export type { RegistryOperationsReport } from '@cellport/plugin-registry-common';
export type { SpecialConfig, SpecialConfigsReport } from '@cellport/plugin-slb-common';

/**
 * Operations of one UTC day, merged across the plugins.
 *
 * @public
 */
export interface OperationsDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  deploys: number;
  releases: number;
  rollbacks: number;
  scalings: number;
  builds: number;
  failedBuilds: number;
  pushes: number;
}

/**
 * A failed build, as `GET /api/builds/admin/operations` lists it.
 *
 * @public
 */
export interface FailedBuild {
  config: string;
  number: number;
  failedAt: string;
  /** The failed step (clone, build, push), when known. */
  step?: string;
  reason?: string;
  /** A user entity ref, or `<platform>:<pusher>` for webhook builds. */
  startedBy: string;
}

/**
 * What `GET /api/builds/admin/operations` answers.
 *
 * @public
 */
export interface BuildOperationsReport {
  days: Array<{ date: string; builds: number; failed: number }>;
  failedBuilds: FailedBuild[];
}
