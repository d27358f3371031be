/**
 * The evacuation routes of the slb backend (platform admins) and the cells list they need, called
 * with the user's token; failures are Backstage ResponseErrors carrying the server's message.
 */
import { DiscoveryApi, FetchApi, useApi, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Evacuation, EvacuationPlan } from '@cellport/plugin-slb-common';
import { useMemo } from 'react';

/** A cell as the cells plugin lists it. */
export interface CellOption {
  name: string;
  region: string;
}

/** Calls the evacuation API. */
export class EvacuationClient {
  constructor(private readonly discovery: DiscoveryApi, private readonly fetchApi: FetchApi) {}

  private async call<T>(plugin: string, method: string, path: string, body?: unknown): Promise<T> {
    const base = await this.discovery.getBaseUrl(plugin);
    const res = await this.fetchApi.fetch(`${base}${path}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  /** The evacuations, or undefined when the caller is not a platform admin (404). */
  async list(): Promise<Evacuation[] | undefined> {
    try {
      return (await this.call<{ items: Evacuation[] }>('slb', 'GET', '/evacuations')).items;
    } catch (e) {
      if (e instanceof ResponseError && e.response.status === 404) return undefined;
      throw e;
    }
  }

  get(id: string): Promise<Evacuation> {
    return this.call('slb', 'GET', `/evacuations/${encodeURIComponent(id)}`);
  }

  plan(cell: string): Promise<EvacuationPlan> {
    return this.call('slb', 'POST', '/evacuations/plan', { cell });
  }

  start(cell: string, reason?: string): Promise<Evacuation> {
    return this.call('slb', 'POST', '/evacuations', reason ? { cell, reason } : { cell });
  }

  restore(id: string): Promise<Evacuation> {
    return this.call('slb', 'POST', `/evacuations/${encodeURIComponent(id)}/restore`);
  }

  async cells(): Promise<CellOption[]> {
    const body = await this.call<{ items: Array<{ name: string; cells: Array<{ name: string }> }> }>('cells', 'GET', '/regions');
    return body.items.flatMap(r => r.cells.map(c => ({ name: c.name, region: r.name })));
  }
}

/** The client for the signed-in user. */
export function useEvacuationClient(): EvacuationClient {
  const discovery = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(() => new EvacuationClient(discovery, fetchApi), [discovery, fetchApi]);
}
