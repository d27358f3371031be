import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ActivityEntry } from '@cellport/plugin-access-common';
import type {
  Build,
  BuildAgentView,
  BuildConfig,
  BuildLogPage,
  BuildWebhooks,
  CreateBuildConfigRequest,
  StartBuildRequest,
} from '@cellport/plugin-builds-common';

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
 * {@link BuildsApi} over HTTP with the app's discovery and fetch APIs.
 *
 * @public
 */
export class BuildsClient implements BuildsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('builds');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method,
      headers:
        body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  }

  private c(name: string) {
    return `/configs/${encodeURIComponent(name)}`;
  }

  async listConfigs() {
    return (await this.call<{ items: BuildConfig[] }>('GET', '/configs')).items;
  }
  createConfig(input: CreateBuildConfigRequest) {
    return this.call<BuildConfig>('POST', '/configs', input);
  }
  getConfig(name: string) {
    return this.call<BuildConfigWithAllowed>('GET', this.c(name));
  }
  getWebhooks(name: string) {
    return this.call<BuildWebhooks>('GET', `${this.c(name)}/webhooks`);
  }
  async listBuilds(name: string) {
    return (
      await this.call<{ items: Build[] }>('GET', `${this.c(name)}/builds`)
    ).items;
  }
  startBuild(name: string, input: StartBuildRequest) {
    return this.call<Build>('POST', `${this.c(name)}/builds`, input);
  }
  getBuild(name: string, number: number) {
    return this.call<Build>('GET', `${this.c(name)}/builds/${number}`);
  }
  cancelBuild(name: string, number: number) {
    return this.call<Build>('POST', `${this.c(name)}/builds/${number}/cancel`);
  }
  getLog(name: string, number: number, after?: string) {
    const q = after ? `?after=${encodeURIComponent(after)}` : '';
    return this.call<BuildLogPage>(
      'GET',
      `${this.c(name)}/builds/${number}/log${q}`,
    );
  }
  async listActivity(name: string) {
    return (
      await this.call<{ items: ActivityEntry[] }>(
        'GET',
        `${this.c(name)}/activity`,
      )
    ).items;
  }
  async listAgents() {
    return (await this.call<{ items: BuildAgentView[] }>('GET', '/agents'))
      .items;
  }
}
