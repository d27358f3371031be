/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.GET) */
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { createPluginApiClient } from '@cellport/common';
import type { AccessApiPaths } from '@cellport/plugin-access-react';
import type { ActivityEntry } from '@cellport/plugin-access-common';
import type {
  Build,
  BuildAgentView,
  BuildConfig,
  BuildLogPage,
  BuildWebhooks,
  CreateBuildConfigRequest,
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
  listConfigs(): Promise<BuildConfig[]>;
  createConfig(input: CreateBuildConfigRequest): Promise<BuildConfig>;
  getConfig(name: string): Promise<BuildConfigWithAllowed>;
  getWebhooks(name: string): Promise<BuildWebhooks>;
  listBuilds(name: string): Promise<Build[]>;
  startBuild(name: string, input: StartBuildRequest): Promise<Build>;
  getBuild(name: string, number: number): Promise<Build>;
  cancelBuild(name: string, number: number): Promise<Build>;
  getLog(name: string, number: number, after?: string): Promise<BuildLogPage>;
  listActivity(name: string): Promise<ActivityEntry[]>;
  listAgents(): Promise<BuildAgentView[]>;
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

  async listConfigs(): Promise<BuildConfig[]> {
    const { data } = await this.client.GET('/configs');
    return data!.items as BuildConfig[];
  }

  async createConfig(input: CreateBuildConfigRequest): Promise<BuildConfig> {
    const { data } = await this.client.POST('/configs', { body: input as any });
    return data as BuildConfig;
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

  async listAgents(): Promise<BuildAgentView[]> {
    const { data } = await this.client.GET('/agents');
    return data!.items as BuildAgentView[];
  }
}
