/**
 * What the admin routes of the cells, registry, builds and slb backends answer (the admin route
 * contract, described in each plugin's OpenAPI document).
 */

/** Operations of one UTC day, merged across plugins. @public */
export interface OperationsDay {
  date: string;
  deploys: number;
  releases: number;
  rollbacks: number;
  scalings: number;
  builds: number;
  failedBuilds: number;
  pushes: number;
}

/** A failed release (cells). @public */
export interface FailedRelease {
  app: string;
  releaseId: string;
  version: string;
  failedAt: string;
  reason: string;
  startedBy: string;
}

/** A failed build (builds). @public */
export interface FailedBuild {
  config: string;
  number: number;
  failedAt: string;
  step?: string;
  reason?: string;
  startedBy: string;
}

/** CPU, memory and pods. @public */
export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/** One cell's capacity (cells). @public */
export interface CellCapacity {
  cell: string;
  reachable: boolean;
  error?: string;
  allocatable: Resources;
  requested: Resources;
}

/** A region's cells. @public */
export interface RegionCapacity {
  region: string;
  cells: CellCapacity[];
}

/** Limits of an owner group's quota (absent: unlimited). @public */
export interface QuotaLimits {
  apps?: number;
  cpuMillis?: number;
  memoryBytes?: number;
}

/** An owner group's quota and use (cells). @public */
export interface QuotaRow {
  ownerGroup: string;
  limits: QuotaLimits;
  usage: { apps: number; cpuMillis: number; memoryBytes: number };
  updatedBy?: string;
  updatedAt?: string;
}

/** A domain's special Nginx configuration (slb). @public */
export interface SpecialConfig {
  domain: string;
  group: string;
  region?: string;
  app: string;
  directives: string;
  setBy?: string;
  setAt?: string;
}

/**
 * One plugin's part of the view: its value, or the error that plugin answered (shown as sent),
 * so one failing backend does not blank the whole page.
 *
 * @public
 */
export type Part<T> = { value: T; error?: undefined } | { value?: undefined; error: Error };
