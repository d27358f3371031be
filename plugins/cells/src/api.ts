import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { RegionSummary } from '@cellport/plugin-cells-common';

/**
 * Client of the cells backend.
 *
 * @public
 */
export interface CellsApi {
  listRegions(): Promise<RegionSummary[]>;
}

/**
 * API reference of {@link CellsApi}.
 *
 * @public
 */
export const cellsApiRef = createApiRef<CellsApi>({ id: 'plugin.cells.api' });

/**
 * {@link CellsApi} over HTTP, with the signed-in user's credentials.
 *
 * @public
 */
export class CellsClient implements CellsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listRegions(): Promise<RegionSummary[]> {
    const base = await this.deps.discoveryApi.getBaseUrl('cells');
    const res = await this.deps.fetchApi.fetch(`${base}/regions`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return ((await res.json()) as { items: RegionSummary[] }).items;
  }
}
