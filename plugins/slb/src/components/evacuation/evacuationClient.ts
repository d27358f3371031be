/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.GET) */
/**
 * The evacuation routes of the slb backend (platform admins) and the cells list they need, through
 * the clients generated from the slb and cells backends' OpenAPI documents, called with the user's
 * token; failures are Backstage ResponseErrors carrying the server's message.
 */
import { DiscoveryApi, FetchApi, useApi, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DEFAULT_PAGE_LIMITS, fetchAllPages } from '@cellport/common';
import { CellsApiClient, createCellsApiClient } from '@cellport/plugin-cells-common';
import { Evacuation, EvacuationPlan } from '@cellport/plugin-slb-common';
import { createSlbApiClient, SlbApiClient } from '@cellport/plugin-slb-react';
import { useMemo } from 'react';

/** A cell as the cells plugin lists it. */
export interface CellOption {
  name: string;
  region: string;
}

/** Calls the evacuation API. */
export class EvacuationClient {
  private readonly slb: SlbApiClient;
  private readonly cellsApi: CellsApiClient;

  constructor(discoveryApi: DiscoveryApi, fetchApi: FetchApi) {
    this.slb = createSlbApiClient({ discoveryApi, fetchApi });
    this.cellsApi = createCellsApiClient({ discoveryApi, fetchApi });
  }

  /** Every evacuation (page after page), or undefined when the caller is not a platform admin (404). */
  async list(): Promise<Evacuation[] | undefined> {
    try {
      return await fetchAllPages(async cursor => {
        const { data } = await this.slb.GET('/evacuations', {
          params: {
            query: {
              limit: String(DEFAULT_PAGE_LIMITS.maxLimit),
              ...(cursor ? { cursor } : {}),
            },
          },
        });
        return { items: data!.items as unknown as Evacuation[], nextCursor: data!.nextCursor };
      });
    } catch (e) {
      if (e instanceof ResponseError && e.response.status === 404) return undefined;
      throw e;
    }
  }

  async get(id: string): Promise<Evacuation> {
    const { data } = await this.slb.GET('/evacuations/{id}', { params: { path: { id } } });
    return data as unknown as Evacuation;
  }

  async plan(cell: string): Promise<EvacuationPlan> {
    const { data } = await this.slb.POST('/evacuations/plan', { body: { cell } });
    return data as unknown as EvacuationPlan;
  }

  async start(cell: string, reason?: string): Promise<Evacuation> {
    const { data } = await this.slb.POST('/evacuations', { body: reason ? { cell, reason } : { cell } });
    return data as unknown as Evacuation;
  }

  async restore(id: string): Promise<Evacuation> {
    const { data } = await this.slb.POST('/evacuations/{id}/restore', { params: { path: { id } } });
    return data as unknown as Evacuation;
  }

  async cells(): Promise<CellOption[]> {
    const { data } = await this.cellsApi.GET('/regions');
    return data!.items.flatMap(r => r.cells.map(c => ({ name: c.name, region: r.name })));
  }
}

/** The client for the signed-in user. */
export function useEvacuationClient(): EvacuationClient {
  const discovery = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(() => new EvacuationClient(discovery, fetchApi), [discovery, fetchApi]);
}
