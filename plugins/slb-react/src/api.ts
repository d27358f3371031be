/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.GET) */
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import {
  createPluginApiClient,
  DEFAULT_PAGE_LIMITS,
  fetchAllPages,
  PluginApiClient,
  PluginApiClientOptions,
} from '@cellport/common';
import {
  DomainCreateRequest,
  DomainView,
  GroupView,
  SlbDomain,
} from '@cellport/plugin-slb-common';
import type { paths } from './generated/openapi';

/** A domain in a list. @public */
export interface DomainListItem {
  domain: SlbDomain;
  cname: string;
  vip: string;
}

/** The slb backend as the pages use it. @public */
export interface SlbApi {
  listGroups(): Promise<GroupView[]>;
  listDomains(app?: string): Promise<DomainListItem[]>;
  getDomain(name: string): Promise<DomainView>;
  createDomain(request: DomainCreateRequest): Promise<DomainView>;
  deleteDomain(name: string): Promise<void>;
  setDirectives(name: string, extraDirectives: string): Promise<DomainView>;
}

/** @public */
export const slbApiRef = createApiRef<SlbApi>({ id: 'plugin.slb.api' });

/**
 * The typed slb client: one method per HTTP verb, paths, parameters, bodies and answers typed
 * from the slb backend's OpenAPI document (`src/generated/openapi.ts`, generated with
 * openapi-typescript from `plugins/slb-backend/src/schema/openapi.yaml`).
 *
 * @public
 */
export type SlbApiClient = PluginApiClient<paths>;

/**
 * A {@link SlbApiClient} of the slb backend found through discovery; an error answer rejects
 * with a `ResponseError` whose message is the server's own.
 *
 * @public
 */
export function createSlbApiClient(
  options: PluginApiClientOptions,
): SlbApiClient {
  return createPluginApiClient<paths>('slb', options);
}

/**
 * {@link SlbApi} over HTTP through {@link createSlbApiClient}, with the app's discovery and
 * fetch APIs; errors carry the server's message as sent.
 *
 * @public
 */
export class SlbClient implements SlbApi {
  private readonly client: SlbApiClient;

  constructor(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = createSlbApiClient(deps);
  }

  async listGroups(): Promise<GroupView[]> {
    const { data } = await this.client.GET('/groups');
    // the document describes a group as an open object
    return data!.items as unknown as GroupView[];
  }

  /** Every domain the caller may see (page after page), optionally of one app. */
  async listDomains(app?: string): Promise<DomainListItem[]> {
    return fetchAllPages(async cursor => {
      const { data } = await this.client.GET('/domains', {
        params: {
          query: {
            ...(app ? { app } : {}),
            limit: String(DEFAULT_PAGE_LIMITS.maxLimit),
            ...(cursor ? { cursor } : {}),
          },
        },
      });
      return {
        items: data!.items as DomainListItem[],
        nextCursor: data!.nextCursor,
      };
    });
  }

  async getDomain(name: string): Promise<DomainView> {
    const { data } = await this.client.GET('/domains/{name}', {
      params: { path: { name } },
    });
    return data as DomainView;
  }

  async createDomain(request: DomainCreateRequest): Promise<DomainView> {
    const { data } = await this.client.POST('/domains', {
      body: request as any,
    });
    return data as DomainView;
  }

  async deleteDomain(name: string): Promise<void> {
    await this.client.DELETE('/domains/{name}', { params: { path: { name } } });
  }

  async setDirectives(
    name: string,
    extraDirectives: string,
  ): Promise<DomainView> {
    const { data } = await this.client.PUT('/domains/{name}/directives', {
      params: { path: { name } },
      body: { extraDirectives },
    });
    return data as DomainView;
  }
}
