/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.GET) */
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { createPluginApiClient, Page } from '@cellport/common';
import type { AccessApiPaths } from '@cellport/plugin-access-react';
import type { ActivityEntry } from '@cellport/plugin-access-common';
import type {
  Build,
  BuildAgentView,
  BuildConfig,
  BuildLogPage,
  BuildWebhooks,
  CreateBuildConfigRequest,
  CreatedBuildConfig,
  NewWebhookSecret,
  StartBuildRequest,
  BuildsApiClient,
} from '@cellport/plugin-builds-common';
import { createBuildsApiClient } from '@cellport/plugin-builds-common';

/**
 * A build config with what the signed-in user may do on it.
 *
 * @public
 */
export type BuildConfigWithAllowed = BuildConfig & {
  allowed?: Partial<
    Record<
      | 'update'
      | 'delete'
      | 'membersManage'
      | 'buildStart'
      | 'buildCancel'
      | 'logsRead'
      | 'eventsRead',
      boolean
    >
  >;
};

/**
 * Client of the builds backend (`src/schema/openapi.yaml` of `@cellport/plugin-builds-backend`).
 *
 * @public
 */
export interface BuildsApi {
  /** A page of the configs the user is a member of, by name (`cursor`: the previous page's). */
  listConfigs(cursor?: string): Promise<Page<BuildConfig>>;
  /** Creates a config; the answer holds its webhook secret, this once. */
  createConfig(input: CreateBuildConfigRequest): Promise<CreatedBuildConfig>;
  getConfig(name: string): Promise<BuildConfigWithAllowed>;
  /** The webhook URLs and the state of the secret (never the secret). */
  getWebhooks(name: string): Promise<BuildWebhooks>;
  /** Replaces the webhook secret; the answer is the only one that holds the new one. */
  rotateWebhookSecret(name: string): Promise<NewWebhookSecret>;
  listBuilds(name: string): Promise<Build[]>;
  startBuild(name: string, input: StartBuildRequest): Promise<Build>;
  getBuild(name: string, number: number): Promise<Build>;
  cancelBuild(name: string, number: number): Promise<Build>;
  getLog(name: string, number: number, after?: string): Promise<BuildLogPage>;
  listActivity(name: string): Promise<ActivityEntry[]>;
  /** A page of the live build agents, by host (`cursor`: the previous page's). */
  listAgents(cursor?: string): Promise<Page<BuildAgentView>>;
}

/**
 * The API reference of {@link BuildsApi}.
 *
 * @public
 */
export const buildsApiRef = createApiRef<BuildsApi>({ id: 'plugin.builds' });

/**
 * {@link BuildsApi} over HTTP through the client generated from the builds backend's OpenAPI
 * document (`createBuildsApiClient` of `@cellport/plugin-builds-common`; a config's activity
 * through the access library's generated client), with the app's discovery and fetch APIs.
 * Error answers become `ResponseError`s whose message is the server's.
 *
 * @public
 */
export class BuildsClient implements BuildsApi {
  private readonly client: BuildsApiClient;

  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {
    this.client = createBuildsApiClient(deps);
  }

  async listConfigs(cursor?: string): Promise<Page<BuildConfig>> {
    const { data } = await this.client.GET('/configs', {
      params: { query: cursor ? { cursor } : {} },
    });
    return data as Page<BuildConfig>;
  }

  async createConfig(
    input: CreateBuildConfigRequest,
  ): Promise<CreatedBuildConfig> {
    const { data } = await this.client.POST('/configs', { body: input as any });
    return data as CreatedBuildConfig;
  }

  async getConfig(name: string): Promise<BuildConfigWithAllowed> {
    const { data } = await this.client.GET('/configs/{name}', {
      params: { path: { name } },
    });
    return data as BuildConfigWithAllowed;
  }

  async getWebhooks(name: string): Promise<BuildWebhooks> {
    const { data } = await this.client.GET('/configs/{name}/webhooks', {
      params: { path: { name } },
    });
    return data as BuildWebhooks;
  }

  async rotateWebhookSecret(name: string): Promise<NewWebhookSecret> {
    const { data } = await this.client.POST('/configs/{name}/webhooks/rotate', {
      params: { path: { name } },
    });
    return data as NewWebhookSecret;
  }

  async listBuilds(name: string): Promise<Build[]> {
    const { data } = await this.client.GET('/configs/{name}/builds', {
      params: { path: { name } },
    });
    return data!.items as Build[];
  }

  async startBuild(name: string, input: StartBuildRequest): Promise<Build> {
    const { data } = await this.client.POST('/configs/{name}/builds', {
      params: { path: { name } },
      body: input as any,
    });
    return data as Build;
  }

  async getBuild(name: string, number: number): Promise<Build> {
    const { data } = await this.client.GET('/configs/{name}/builds/{number}', {
      params: { path: { name, number: String(number) } },
    });
    return data as Build;
  }

  async cancelBuild(name: string, number: number): Promise<Build> {
    const { data } = await this.client.POST(
      '/configs/{name}/builds/{number}/cancel',
      { params: { path: { name, number: String(number) } } },
    );
    return data as Build;
  }

  async getLog(
    name: string,
    number: number,
    after?: string,
  ): Promise<BuildLogPage> {
    const { data } = await this.client.GET(
      '/configs/{name}/builds/{number}/log',
      {
        params: {
          path: { name, number: String(number) },
          query: after ? { after } : {},
        },
      },
    );
    return data as BuildLogPage;
  }

  async listActivity(name: string): Promise<ActivityEntry[]> {
    const { discoveryApi, fetchApi } = this.deps;
    const access = createPluginApiClient<AccessApiPaths>('builds', {
      discoveryApi: {
        getBaseUrl: async pluginId =>
          `${await discoveryApi.getBaseUrl(
            pluginId,
          )}/configs/${encodeURIComponent(name)}`,
      },
      fetchApi,
    });
    const { data } = await access.GET('/activity');
    return data!.items as ActivityEntry[];
  }

  async listAgents(cursor?: string): Promise<Page<BuildAgentView>> {
    const { data } = await this.client.GET('/agents', {
      params: { query: cursor ? { cursor } : {} },
    });
    return data as Page<BuildAgentView>;
  }
}
