import { createApiRef } from '@backstage/core-plugin-api';
import type {
  FailedBuild,
  FailedRelease,
  QuotaLimits,
  QuotaRow,
  RegionCapacity,
  SpecialConfig,
} from './types';

/**
 * The admin routes of the Cellport backends, called as the signed-in user. Every method rejects
 * with a `ResponseError` carrying the server's message; a 404 means the caller is not a platform
 * admin (or that backend has no admin routes).
 *
 * @public
 */
export interface AdminApi {
  cellsOperations(days: number): Promise<{
    days: Array<{ date: string; deploys: number; releases: number; rollbacks: number; scalings: number }>;
    failedReleases: FailedRelease[];
  }>;
  registryOperations(days: number): Promise<{ days: Array<{ date: string; pushes: number }> }>;
  buildsOperations(days: number): Promise<{
    days: Array<{ date: string; builds: number; failed: number }>;
    failedBuilds: FailedBuild[];
  }>;
  capacity(): Promise<{ regions: RegionCapacity[] }>;
  quotas(): Promise<{ quotas: QuotaRow[] }>;
  setQuota(ownerGroup: string, limits: QuotaLimits): Promise<QuotaRow>;
  clearQuota(ownerGroup: string): Promise<void>;
  specialConfigs(): Promise<{ items: SpecialConfig[]; errors?: Array<{ group: string; error: string }> }>;
}

/** @public */
export const adminApiRef = createApiRef<AdminApi>({ id: 'plugin.cellport-admin.api' });

