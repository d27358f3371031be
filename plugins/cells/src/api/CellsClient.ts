import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { MembersClient, MembersTarget } from '@cellport/plugin-access-react';
import type { Member, Role } from '@cellport/plugin-access-common';
import type {
  App,
  AppEventsResponse,
  AppOverview,
  AppPermissions,
  AppVersion,
  CellSummary,
  CreateAppRequest,
  CreateVersionRequest,
  RegionSummary,
  Release,
  ReleaseActionRequest,
  ReleaseEvent,
  ScaleRequest,
  StartReleaseRequest,
  UpdateAppRequest,
} from '@cellport/plugin-cells-common';
import type { CellsApi, ImageTagList, PodLogOptions } from './CellsApi';

const enc = encodeURIComponent;

/**
 * A `ResponseError` for a failed answer, whose message is the server's own (e.g. "a production
 * app runs in at least two cells") rather than only "Request failed with 400"; the status, body
 * and cause stay on it.
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
 * {@link CellsApi} over HTTP, with the signed-in user's credentials (the app's fetch API) and the
 * backend found through the discovery API. Error answers become `ResponseError`s whose message is
 * the server's.
 *
 * @public
 */
export class CellsClient implements CellsApi {
  private readonly members: MembersClient;

  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {
    this.members = new MembersClient(deps);
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const base = await this.deps.discoveryApi.getBaseUrl('cells');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      ...init,
      headers: init?.body
        ? { 'content-type': 'application/json', ...init.headers }
        : init?.headers,
    });
    if (!res.ok) {
      throw await responseError(res);
    }
    return res;
  }

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await this.fetch(path, init);
    if (res.status === 204) {
      return undefined as T;
    }
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  private appPath(app: string) {
    return `/apps/${enc(app)}`;
  }

  private membersTarget(app: string): MembersTarget {
    return {
      kind: 'app',
      name: app,
      pluginId: 'cells',
      basePath: this.appPath(app),
    };
  }

  async listRegions() {
    return (await this.call<{ items: RegionSummary[] }>('/regions')).items;
  }

  getCell(cell: string) {
    return this.call<CellSummary>(`/cells/${enc(cell)}`);
  }

  async listApps() {
    return (await this.call<{ items: App[] }>('/apps')).items;
  }

  createApp(request: CreateAppRequest) {
    return this.send<App>('POST', '/apps', request);
  }

  getApp(app: string) {
    return this.call<App>(this.appPath(app));
  }

  updateApp(app: string, request: UpdateAppRequest) {
    return this.send<App>('PATCH', this.appPath(app), request);
  }

  async deleteApp(app: string) {
    await this.send('DELETE', this.appPath(app));
  }

  getAppPermissions(app: string) {
    return this.call<AppPermissions>(`${this.appPath(app)}/permissions`);
  }

  async listVersions(app: string) {
    return (
      await this.call<{ items: AppVersion[] }>(`${this.appPath(app)}/versions`)
    ).items;
  }

  createVersion(app: string, request: CreateVersionRequest) {
    return this.send<AppVersion>(
      'POST',
      `${this.appPath(app)}/versions`,
      request,
    );
  }

  async deleteVersion(app: string, version: string) {
    await this.send('DELETE', `${this.appPath(app)}/versions/${enc(version)}`);
  }

  async scaleVersion(app: string, version: string, request: ScaleRequest) {
    await this.send(
      'POST',
      `${this.appPath(app)}/versions/${enc(version)}/scale`,
      request,
    );
  }

  getOverview(app: string) {
    return this.call<AppOverview>(`${this.appPath(app)}/overview`);
  }

  getEvents(app: string) {
    return this.call<AppEventsResponse>(`${this.appPath(app)}/events`);
  }

  async getPodLog(
    app: string,
    cell: string,
    pod: string,
    options: PodLogOptions = {},
  ) {
    const query = new URLSearchParams();
    if (options.container) {
      query.set('container', options.container);
    }
    if (options.previous) {
      query.set('previous', 'true');
    }
    if (options.tailLines !== undefined) {
      query.set('tailLines', String(options.tailLines));
    }
    const qs = query.toString();
    const res = await this.fetch(
      `${this.appPath(app)}/cells/${enc(cell)}/pods/${enc(pod)}/log${
        qs ? `?${qs}` : ''
      }`,
    );
    return res.text();
  }

  async listGateSources() {
    return (await this.call<{ items: string[] }>('/gate-sources')).items;
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

  async listReleases(app: string) {
    return (
      await this.call<{ items: Release[] }>(`${this.appPath(app)}/releases`)
    ).items;
  }

  startRelease(app: string, request: StartReleaseRequest) {
    return this.send<Release>('POST', `${this.appPath(app)}/releases`, request);
  }

  getRelease(app: string, id: string) {
    return this.call<Release>(`${this.appPath(app)}/releases/${enc(id)}`);
  }

  async listReleaseEvents(app: string, id: string) {
    return (
      await this.call<{ items: ReleaseEvent[] }>(
        `${this.appPath(app)}/releases/${enc(id)}/events`,
      )
    ).items;
  }

  releaseAction(app: string, id: string, action: ReleaseActionRequest) {
    return this.send<Release | undefined>(
      'POST',
      `${this.appPath(app)}/releases/${enc(id)}/actions`,
      action,
    );
  }

  syncCell(app: string, cell: string) {
    return this.send<Release>(
      'POST',
      `${this.appPath(app)}/cells/${enc(cell)}/sync`,
    );
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
