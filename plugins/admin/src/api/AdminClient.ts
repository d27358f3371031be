import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AdminApi } from './AdminApi';
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
 * {@link AdminApi} over HTTP with the signed-in user's credentials.
 *
 * @public
 */
export class AdminClient implements AdminApi {
  /** Calls the backends found by `discoveryApi` through the app's `fetchApi` (the user's token). */
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  private async call<T>(plugin: string, path: string, init?: { method: string; body?: unknown }): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl(plugin);
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  cellsOperations(days: number) {
    return this.call<CellsOperationsReport>('cells', `/admin/operations?days=${days}`);
  }

  registryOperations(days: number) {
    return this.call<RegistryOperationsReport>('registry', `/admin/operations?days=${days}`);
  }

  buildsOperations(days: number) {
    return this.call<BuildOperationsReport>('builds', `/admin/operations?days=${days}`);
  }

  capacity() {
    return this.call<CapacityReport>('cells', '/admin/capacity');
  }

  quotas() {
    return this.call<{ quotas: OwnerGroupQuota[] }>('cells', '/admin/quotas');
  }

  setQuota(ownerGroup: string, limits: QuotaLimits) {
    return this.call<OwnerGroupQuota>('cells', `/admin/quotas/${encodeURIComponent(ownerGroup)}`, {
      method: 'PUT',
      body: limits,
    });
  }

  async clearQuota(ownerGroup: string) {
    await this.call<void>('cells', `/admin/quotas/${encodeURIComponent(ownerGroup)}`, { method: 'DELETE' });
  }

  specialConfigs() {
    return this.call<SpecialConfigsReport>('slb', '/admin/special-configs');
  }
}
