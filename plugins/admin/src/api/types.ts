/**
 * What the admin routes of the cells, registry, builds and slb backends answer (each described in
 * its plugin's OpenAPI document); the cells, registry, builds and slb types come from their
 * `-common` packages.
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
export type {
  BuildOperationsReport,
  FailedBuild,
} from '@cellport/plugin-builds-common';
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
