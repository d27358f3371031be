/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.GET) */
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DEFAULT_PAGE_LIMITS, fetchAllPages, type Page } from '@cellport/common';
import { MembersClient, MembersTarget } from '@cellport/plugin-access-react';
import type { Member, Role } from '@cellport/plugin-access-common';
import {
  createCellsApiClient,
  type AddAppCellRequest,
  type App,
  type AppEventsResponse,
  type AppOverview,
  type AppPermissions,
  type AppVersion,
  type CellsApiClient,
  type CellSummary,
  type CreateAppRequest,
  type CreateVersionRequest,
  type RegionSummary,
  type Release,
  type ReleaseActionRequest,
  type ReleaseEvent,
  type ScaleRequest,
  type StartReleaseRequest,
  type UpdateAppRequest,
} from '@cellport/plugin-cells-common';
import type {
  CellsApi,
  ImageTagList,
  PageOptions,
  PodLogOptions,
} from './CellsApi';

const enc = encodeURIComponent;

/** The page size of the requests that read a whole list: the largest the server allows. */
const ALL_PAGES_LIMIT = DEFAULT_PAGE_LIMITS.maxLimit;

/** The query of a page request (`limit` and `cursor` as the server reads them), with `extra`. */
function pageQuery<E extends object>(options: PageOptions, extra?: E) {
  return {
    ...extra,
    ...(options.limit !== undefined ? { limit: String(options.limit) } : {}),
    ...(options.cursor ? { cursor: options.cursor } : {}),
  };
}

/**
 * A `ResponseError` for a failed answer of another plugin, whose message is the server's own;
 * the status, body and cause stay on it.
 */
async function responseError(res: Response): Promise<ResponseError> {
  const error = await ResponseError.fromResponse(res);
  const serverMessage = error.cause?.message;
  if (serverMessage) {
    error.message = serverMessage;
  }
  return error;
}

/**
 * {@link CellsApi} over HTTP through the client generated from the cells backend's OpenAPI
 * document (`createCellsApiClient` of `@cellport/plugin-cells-common`), with the signed-in
 * user's credentials (the app's fetch API) and the backend found through the discovery API.
 * Error answers become `ResponseError`s whose message is the server's.
 *
 * @public
 */
export class CellsClient implements CellsApi {
  private readonly members: MembersClient;
  private readonly client: CellsApiClient;

  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {
    this.members = new MembersClient(deps);
    this.client = createCellsApiClient(deps);
  }

  private membersTarget(app: string): MembersTarget {
    return {
      kind: 'app',
      name: app,
      pluginId: 'cells',
      basePath: `/apps/${enc(app)}`,
    };
  }

  async listRegions(): Promise<RegionSummary[]> {
    const { data } = await this.client.GET('/regions');
    return data!.items;
  }

  async getCell(cell: string): Promise<CellSummary> {
    const { data } = await this.client.GET('/cells/{cell}', {
      params: { path: { cell } },
    });
    return data!;
  }

  listApps(): Promise<App[]> {
    return fetchAllPages(cursor =>
      this.listAppsPage({ limit: ALL_PAGES_LIMIT, cursor }),
    );
  }

  async listAppsPage(
    options: PageOptions & { q?: string } = {},
  ): Promise<Page<App>> {
    const { data } = await this.client.GET('/apps', {
      params: { query: pageQuery(options, { q: options.q || undefined }) },
    });
    return data!;
  }

  async createApp(request: CreateAppRequest): Promise<App> {
    const { data } = await this.client.POST('/apps', { body: request });
    return data!;
  }

  async addAppCell(app: string, request: AddAppCellRequest): Promise<App> {
    const { data } = await this.client.POST('/apps/{app}/cells', {
      params: { path: { app } },
      body: request,
    });
    return data!;
  }

  async getApp(app: string): Promise<App> {
    const { data } = await this.client.GET('/apps/{app}', {
      params: { path: { app } },
    });
    return data!;
  }

  async updateApp(app: string, request: UpdateAppRequest): Promise<App> {
    const { data } = await this.client.PATCH('/apps/{app}', {
      params: { path: { app } },
      body: request,
    });
    return data!;
  }

  async deleteApp(app: string): Promise<void> {
    await this.client.DELETE('/apps/{app}', { params: { path: { app } } });
  }

  async getAppPermissions(app: string): Promise<AppPermissions> {
    const { data } = await this.client.GET('/apps/{app}/permissions', {
      params: { path: { app } },
    });
    return data!;
  }

  listVersions(app: string): Promise<AppVersion[]> {
    return fetchAllPages(cursor =>
      this.listVersionsPage(app, { limit: ALL_PAGES_LIMIT, cursor }),
    );
  }

  async listVersionsPage(
    app: string,
    options: PageOptions = {},
  ): Promise<Page<AppVersion>> {
    const { data } = await this.client.GET('/apps/{app}/versions', {
      params: { path: { app }, query: pageQuery(options) },
    });
    return data as Page<AppVersion>;
  }

  async createVersion(
    app: string,
    request: CreateVersionRequest,
  ): Promise<AppVersion> {
    const { data } = await this.client.POST('/apps/{app}/versions', {
      params: { path: { app } },
      body: request,
    });
    return data as AppVersion;
  }

  async deleteVersion(app: string, version: string): Promise<void> {
    await this.client.DELETE('/apps/{app}/versions/{version}', {
      params: { path: { app, version } },
    });
  }

  async scaleVersion(
    app: string,
    version: string,
    request: ScaleRequest,
  ): Promise<void> {
    await this.client.POST('/apps/{app}/versions/{version}/scale', {
      params: { path: { app, version } },
      body: request,
    });
  }

  async getOverview(app: string): Promise<AppOverview> {
    const { data } = await this.client.GET('/apps/{app}/overview', {
      params: { path: { app } },
    });
    return data!;
  }

  async getEvents(app: string): Promise<AppEventsResponse> {
    const { data } = await this.client.GET('/apps/{app}/events', {
      params: { path: { app } },
    });
    return data!;
  }

  async getPodLog(
    app: string,
    cell: string,
    pod: string,
    options: PodLogOptions = {},
  ): Promise<string> {
    const { data } = await this.client.GET(
      '/apps/{app}/cells/{cell}/pods/{pod}/log',
      {
        params: {
          path: { app, cell, pod },
          query: {
            container: options.container || undefined,
            previous: options.previous ? 'true' : undefined,
            tailLines:
              options.tailLines === undefined
                ? undefined
                : String(options.tailLines),
          },
        },
        parseAs: 'text',
      },
    );
    return data ?? '';
  }

  async listGateSources(): Promise<string[]> {
    const { data } = await this.client.GET('/gate-sources');
    return data!.items;
  }

  async listImageTags(repository: string): Promise<ImageTagList> {
    const [group, name] = repository.split('/');
    const base = await this.deps.discoveryApi.getBaseUrl('registry');
    const path = `${base}/repositories/${enc(group)}/${enc(name ?? '')}`;
    const get = async <T>(url: string): Promise<T> => {
      const res = await this.deps.fetchApi.fetch(url);
      if (!res.ok) {
        throw await responseError(res);
      }
      return (await res.json()) as T;
    };
    const [repo, tags] = await Promise.all([
      get<{ registryHost?: string }>(path),
      get<{ items: ImageTagList['items'] }>(`${path}/tags?limit=200`),
    ]);
    const items = [...tags.items].sort((a, b) => {
      if (a.pushedAt && b.pushedAt) {
        return b.pushedAt.localeCompare(a.pushedAt);
      }
      if (a.pushedAt || b.pushedAt) {
        return a.pushedAt ? -1 : 1;
      }
      return a.tag.localeCompare(b.tag);
    });
    return { registryHost: repo.registryHost, items };
  }

  // The document leaves a release's steps open (their plan and gates are the release engine's,
  // still growing): the answers are read as the common Release type.
  async listReleases(app: string): Promise<Release[]> {
    return (await this.listReleasesPage(app)).items;
  }

  async listReleasesPage(
    app: string,
    options: PageOptions = {},
  ): Promise<Page<Release>> {
    const { data } = await this.client.GET('/apps/{app}/releases', {
      params: { path: { app }, query: pageQuery(options) },
    });
    return data as unknown as Page<Release>;
  }

  async startRelease(
    app: string,
    request: StartReleaseRequest,
  ): Promise<Release> {
    const { data } = await this.client.POST('/apps/{app}/releases', {
      params: { path: { app } },
      body: request,
    });
    return data as unknown as Release;
  }

  async getRelease(app: string, id: string): Promise<Release> {
    const { data } = await this.client.GET('/apps/{app}/releases/{id}', {
      params: { path: { app, id } },
    });
    return data as unknown as Release;
  }

  async listReleaseEvents(app: string, id: string): Promise<ReleaseEvent[]> {
    const { data } = await this.client.GET(
      '/apps/{app}/releases/{id}/events',
      { params: { path: { app, id } } },
    );
    return data!.items;
  }

  async releaseAction(
    app: string,
    id: string,
    action: ReleaseActionRequest,
  ): Promise<Release | undefined> {
    const { data } = await this.client.POST(
      '/apps/{app}/releases/{id}/actions',
      { params: { path: { app, id } }, body: action },
    );
    return data as unknown as Release | undefined;
  }

  async syncCell(app: string, cell: string): Promise<Release> {
    const { data } = await this.client.POST('/apps/{app}/cells/{cell}/sync', {
      params: { path: { app, cell } },
    });
    return data as unknown as Release;
  }

  listMembers(app: string): Promise<Member[]> {
    return this.members.listMembers(this.membersTarget(app));
  }

  addMember(app: string, member: string, role: Role): Promise<Member> {
    return this.members.addMember(this.membersTarget(app), member, role);
  }

  updateMember(app: string, member: string, role: Role): Promise<Member> {
    return this.members.updateMember(this.membersTarget(app), member, role);
  }

  removeMember(app: string, member: string): Promise<void> {
    return this.members.removeMember(this.membersTarget(app), member);
  }
}
