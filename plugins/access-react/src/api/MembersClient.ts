import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  Member,
  RESOURCE_PLUGIN_IDS,
  Role,
} from '@cellport/plugin-access-common';
import {
  createPluginApiClient,
  DEFAULT_PAGE_LIMITS,
  fetchAllPages,
  Page,
  PluginApiClient,
} from '@cellport/common';
import type { paths } from './generated/openapi';
import { MembersApi, MembersPageOptions, MembersTarget } from './MembersApi';

/**
 * {@link MembersApi} over HTTP, with the app's discovery and (authenticated) fetch APIs, through
 * the client generated from the members API's OpenAPI document
 * (`@cellport/plugin-access-node`'s `src/router/openapi.yaml`, served under each resource's route).
 * Error answers become `ResponseError`s whose message is the server's.
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

  async listMembersPage(
    target: MembersTarget,
    options: MembersPageOptions = {},
  ): Promise<Page<Member>> {
    const query: { limit?: string; cursor?: string } = {};
    if (options.limit !== undefined) query.limit = String(options.limit);
    if (options.cursor !== undefined) query.cursor = options.cursor;
    // the generated client names its methods after the HTTP verbs
    // eslint-disable-next-line new-cap
    const { data } = await this.client(target).GET('/members', {
      params: { query },
    });
    return {
      items: data!.items as Member[],
      ...(data!.nextCursor ? { nextCursor: data!.nextCursor } : {}),
    };
  }

  async listMembers(target: MembersTarget): Promise<Member[]> {
    return fetchAllPages(cursor =>
      this.listMembersPage(target, { cursor, limit: DEFAULT_PAGE_LIMITS.maxLimit }),
    );
  }

  async addMember(
    target: MembersTarget,
    member: string,
    role: Role,
  ): Promise<Member> {
    // eslint-disable-next-line new-cap
    const { data } = await this.client(target).POST('/members', {
      body: { member, role },
    });
    return data as Member;
  }

  async updateMember(
    target: MembersTarget,
    member: string,
    role: Role,
  ): Promise<Member> {
    // eslint-disable-next-line new-cap
    const { data } = await this.client(target).PUT('/members/{member}', {
      params: { path: { member } },
      body: { role },
    });
    return data as Member;
  }

  async removeMember(target: MembersTarget, member: string): Promise<void> {
    // eslint-disable-next-line new-cap
    await this.client(target).DELETE('/members/{member}', {
      params: { path: { member } },
    });
  }

  /** The generated client of one resource's members routes (below its route in its plugin). */
  private client(target: MembersTarget): PluginApiClient<paths> {
    const { discoveryApi, fetchApi } = this.options;
    return createPluginApiClient<paths>(
      target.pluginId ?? RESOURCE_PLUGIN_IDS[target.kind],
      {
        discoveryApi: {
          getBaseUrl: async pluginId =>
            `${await discoveryApi.getBaseUrl(pluginId)}${target.basePath}`,
        },
        fetchApi,
      },
    );
  }
}
