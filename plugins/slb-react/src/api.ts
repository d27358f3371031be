import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DomainCreateRequest,
  DomainView,
  GroupView,
  SlbDomain,
} from '@cellport/plugin-slb-common';

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

/** The HTTP client of `/api/slb`; errors carry the server's message as sent. @public */
export class SlbClient implements SlbApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('slb');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method,
      headers:
        body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  }

  async listGroups() {
    return (await this.call<{ items: GroupView[] }>('GET', '/groups')).items;
  }
  async listDomains(app?: string) {
    const q = app ? `?app=${encodeURIComponent(app)}` : '';
    return (await this.call<{ items: DomainListItem[] }>('GET', `/domains${q}`))
      .items;
  }
  getDomain(name: string) {
    return this.call<DomainView>('GET', `/domains/${encodeURIComponent(name)}`);
  }
  createDomain(request: DomainCreateRequest) {
    return this.call<DomainView>('POST', '/domains', request);
  }
  deleteDomain(name: string) {
    return this.call<void>('DELETE', `/domains/${encodeURIComponent(name)}`);
  }
  setDirectives(name: string, extraDirectives: string) {
    return this.call<DomainView>(
      'PUT',
      `/domains/${encodeURIComponent(name)}/directives`,
      { extraDirectives },
    );
  }
}
