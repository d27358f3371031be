import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Member,
  RESOURCE_PLUGIN_IDS,
  Role,
} from '@cellport/plugin-access-common';
import createClient, { Client } from 'openapi-fetch';
import type { paths } from './generated/openapi';
import { MembersApi, MembersTarget } from './MembersApi';

/** Stands for the resource's base URL until a request is sent. */
const PLACEHOLDER = 'http://members.invalid';

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

  async listMembers(target: MembersTarget): Promise<Member[]> {
    // the generated client names its methods after the HTTP verbs
    // eslint-disable-next-line new-cap
    const { data } = await this.client(target).GET('/members');
    return data!.items as Member[];
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

  /** The generated client of one resource's members routes. */
  private client(target: MembersTarget): Client<paths> {
    const { discoveryApi, fetchApi } = this.options;
    const client = createClient<paths>({
      baseUrl: PLACEHOLDER,
      fetch: async (request: Request) => {
        const base = await discoveryApi.getBaseUrl(
          target.pluginId ?? RESOURCE_PLUGIN_IDS[target.kind],
        );
        const body =
          request.method === 'GET' || request.method === 'HEAD'
            ? undefined
            : await request.text();
        return fetchApi.fetch(
          `${base}${target.basePath}${request.url.slice(PLACEHOLDER.length)}`,
          {
            method: request.method,
            headers: Object.fromEntries(request.headers.entries()),
            ...(body ? { body } : {}),
            signal: request.signal,
          },
        );
      },
    });
    client.use({
      async onResponse({ response }) {
        if (!response.ok) {
          const error = await ResponseError.fromResponse(response);
          const serverMessage = error.cause?.message;
          if (serverMessage) {
            error.message = serverMessage;
          }
          throw error;
        }
        return undefined;
      },
    });
    return client;
  }
}
