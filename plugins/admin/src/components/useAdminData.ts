/** Loads every part of the admin view separately, so one failing backend blanks only its part. */
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { adminApiRef } from '../api';

/** The admin view's data for a window of `days` days; `reload` re-reads every part. */
export function useAdminData(days: number, enabled: boolean) {
  const api = useApi(adminApiRef);
  const load = <T>(fn: () => Promise<T>) => (enabled ? fn() : Promise.resolve(undefined));
  const cells = useAsyncRetry(() => load(() => api.cellsOperations(days)), [api, days, enabled]);
  const registry = useAsyncRetry(() => load(() => api.registryOperations(days)), [api, days, enabled]);
  const builds = useAsyncRetry(() => load(() => api.buildsOperations(days)), [api, days, enabled]);
  const capacity = useAsyncRetry(() => load(() => api.capacity()), [api, enabled]);
  const quotas = useAsyncRetry(() => load(() => api.quotas()), [api, enabled]);
  const special = useAsyncRetry(() => load(() => api.specialConfigs()), [api, enabled]);
  const parts = [cells, registry, builds, capacity, quotas, special];
  return {
    api,
    cells,
    registry,
    builds,
    capacity,
    quotas,
    special,
    loading: parts.some(p => p.loading && !p.value && !p.error),
    reload: () => parts.forEach(p => p.retry()),
  };
}
