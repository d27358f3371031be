import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Member,
  MemberListResponse,
  RESOURCE_PLUGIN_IDS,
  Role,
} from '@cellport/plugin-access-common';
import { MembersApi, MembersTarget } from './MembersApi';

/**
 * {@link MembersApi} over HTTP, with the app's discovery and (authenticated) fetch APIs.
 *
 * @public
 */
export class MembersClient implements MembersApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listMembers(target: MembersTarget): Promise<Member[]> {
    const body: MemberListResponse = await this.request(target, '/members');
    return body.items;
  }

  addMember(
    target: MembersTarget,
    member: string,
    role: Role,
  ): Promise<Member> {
    return this.request(target, '/members', 'POST', { member, role });
  }

  updateMember(
    target: MembersTarget,
    member: string,
    role: Role,
  ): Promise<Member> {
    return this.request(
      target,
      `/members/${encodeURIComponent(member)}`,
      'PUT',
      { role },
    );
  }

  async removeMember(target: MembersTarget, member: string): Promise<void> {
    await this.request(
      target,
      `/members/${encodeURIComponent(member)}`,
      'DELETE',
    );
  }

  private async request<T>(
    target: MembersTarget,
    path: string,
    method = 'GET',
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      target.pluginId ?? RESOURCE_PLUGIN_IDS[target.kind],
    );
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${target.basePath}${path}`,
      {
        method,
        ...(body !== undefined
          ? {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            }
          : {}),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
