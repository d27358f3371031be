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
  cellsOperations(days: number): Promise<CellsOperationsReport>;
  registryOperations(days: number): Promise<RegistryOperationsReport>;
  buildsOperations(days: number): Promise<BuildOperationsReport>;
  capacity(): Promise<CapacityReport>;
  quotas(): Promise<{ quotas: OwnerGroupQuota[] }>;
  setQuota(ownerGroup: string, limits: QuotaLimits): Promise<OwnerGroupQuota>;
  clearQuota(ownerGroup: string): Promise<void>;
  specialConfigs(): Promise<SpecialConfigsReport>;
}

/** @public */
export const adminApiRef = createApiRef<AdminApi>({ id: 'plugin.cellport-admin.api' });
