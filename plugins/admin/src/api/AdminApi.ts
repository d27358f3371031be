import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BuildOperationsReport,
  CapacityReport,
  CellsOperationsReport,
  OwnerGroupQuota,
  QuotaLimits,
  RegistryOperationsReport,
  SpecialConfigsReport,
} from './types';

/**
 * The admin routes of the Cellport backends, called as the signed-in user. Every method rejects
 * with a `ResponseError` carrying the server's message; a 404 means the caller is not a platform
 * admin (or that backend has no admin routes).
 *
 * @public
 */
export interface AdminApi {
  /** Deploys, releases, rollbacks and scalings per day, and the latest failed releases (cells). */
  cellsOperations(days: number): Promise<CellsOperationsReport>;
  /** Image pushes per day (registry). */
  registryOperations(days: number): Promise<RegistryOperationsReport>;
  /** Builds per day with their failures, and the latest failed builds (builds). */
  buildsOperations(days: number): Promise<BuildOperationsReport>;
  /** Allocatable and requested CPU, memory and pods per cell, by region (cells). */
  capacity(): Promise<CapacityReport>;
  /** Every owner group's quota and use (cells). */
  quotas(): Promise<{ quotas: OwnerGroupQuota[] }>;
  /** Sets an owner group's quota; omitted limits are unlimited (cells). */
  setQuota(ownerGroup: string, limits: QuotaLimits): Promise<OwnerGroupQuota>;
  /** Removes an owner group's quota (cells). */
  clearQuota(ownerGroup: string): Promise<void>;
  /** Domains with extra Nginx directives, who set them and when (slb). */
  specialConfigs(): Promise<SpecialConfigsReport>;
}

/**
 * The {@link AdminApi} of the app.
 *
 * @public
 */
export const adminApiRef = createApiRef<AdminApi>({ id: 'plugin.cellport-admin.api' });
