import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreatedPersonalAccessToken,
  CreatedRobotAccount,
  RobotAccount,
  RobotScope,
  ImageGroup,
  ImageRepository,
  ImageTagPage,
  PersonalAccessToken,
  RegistryActivity,
} from '@cellport/plugin-registry-common';

/** Visibility of an image group or repository. @public */
export type RegistryVisibility = 'private' | 'public';

/**
 * Client of the registry backend.
 *
 * @public
 */
export interface RegistryApi {
  /** The image groups the user may see. */
  listGroups(): Promise<ImageGroup[]>;
  /** Creates an image group; the user becomes its Owner. */
  createGroup(input: {
    name: string;
    visibility: RegistryVisibility;
    description?: string;
  }): Promise<ImageGroup>;
  /** One image group, with the user's role in it. */
  getGroup(name: string): Promise<ImageGroup>;
  /** The repositories of a group the user may see. */
  listGroupRepositories(group: string): Promise<ImageRepository[]>;
  /** Deletes an image group with all its repositories and images (Owner). */
  deleteGroup(name: string): Promise<void>;
  /** The group's robot accounts (Master). */
  listRobots(group: string): Promise<RobotAccount[]>;
  /** Creates a robot account; its secret is in the answer only (Master). */
  createRobot(
    group: string,
    input: { name: string; scopes: RobotScope[] },
  ): Promise<CreatedRobotAccount>;
  /** Deletes a robot account (Master). */
  deleteRobot(group: string, name: string): Promise<void>;
  /** The repositories the user may see, and the registry host to pull from. */
  listRepositories(): Promise<{ items: ImageRepository[]; registryHost: string }>;
  /** Creates a repository in a group; `visibility: null` inherits the group's. */
  createRepository(
    group: string,
    input: { name: string; visibility: RegistryVisibility | null },
  ): Promise<ImageRepository>;
  /** One repository, with what the user may do on it. */
  getRepository(
    name: string,
  ): Promise<ImageRepository & { registryHost: string }>;
  /** A page of tags. */
  listTags(name: string): Promise<ImageTagPage>;
  /** Deletes a tag (Master). */
  deleteTag(name: string, tag: string): Promise<void>;
  /** The user's personal access tokens, and the registry host for `docker login`. */
  listTokens(): Promise<{ items: PersonalAccessToken[]; registryHost: string }>;
  /** Creates a personal access token; its secret is in the answer only. */
  createToken(input: {
    name: string;
    expiresInDays: number;
  }): Promise<CreatedPersonalAccessToken & { registryHost: string }>;
  /** Revokes one of the user's tokens. */
  revokeToken(id: string): Promise<void>;
  /** The repository's activity, newest first. */
  listActivity(name: string): Promise<RegistryActivity[]>;
  /** Sets a repository's visibility; `null` inherits the group's (Owner). */
  setVisibility(name: string, visibility: RegistryVisibility | null): Promise<void>;
  /** Deletes a repository and its images (Owner). */
  deleteRepository(name: string): Promise<void>;
}

/**
 * API reference of {@link RegistryApi}.
 *
 * @public
 */
export const registryApiRef = createApiRef<RegistryApi>({
  id: 'plugin.registry.api',
});

/**
 * {@link RegistryApi} over HTTP, with the signed-in user's credentials.
 *
 * @public
 */
export class RegistryClient implements RegistryApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('registry');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      ...init,
      headers: init?.body
        ? { 'content-type': 'application/json', ...init.headers }
        : init?.headers,
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  private repoPath(name: string) {
    return `/repositories/${name
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
  }

  async listGroups() {
    return (await this.call<{ items: ImageGroup[] }>('/groups')).items;
  }

  async createGroup(input: {
    name: string;
    visibility: RegistryVisibility;
    description?: string;
  }) {
    return this.call<ImageGroup>('/groups', {
      method: 'POST',
      body: JSON.stringify(input),
    });
  }

  private groupPath(name: string) {
    return `/groups/${encodeURIComponent(name)}`;
  }

  async getGroup(name: string) {
    return this.call<ImageGroup>(this.groupPath(name));
  }

  async listGroupRepositories(group: string) {
    return (
      await this.call<{ items: ImageRepository[] }>(
        `${this.groupPath(group)}/repositories`,
      )
    ).items;
  }

  async deleteGroup(name: string) {
    await this.call(this.groupPath(name), { method: 'DELETE' });
  }

  async listRobots(group: string) {
    return (
      await this.call<{ items: RobotAccount[] }>(
        `${this.groupPath(group)}/robots`,
      )
    ).items;
  }

  async createRobot(group: string, input: { name: string; scopes: RobotScope[] }) {
    return this.call<CreatedRobotAccount>(`${this.groupPath(group)}/robots`, {
      method: 'POST',
      body: JSON.stringify(input),
    });
  }

  async deleteRobot(group: string, name: string) {
    await this.call(
      `${this.groupPath(group)}/robots/${encodeURIComponent(name)}`,
      { method: 'DELETE' },
    );
  }

  async listRepositories() {
    return this.call<{ items: ImageRepository[]; registryHost: string }>(
      '/repositories',
    );
  }

  async createRepository(
    group: string,
    input: { name: string; visibility: RegistryVisibility | null },
  ) {
    return this.call<ImageRepository>(
      `/groups/${encodeURIComponent(group)}/repositories`,
      { method: 'POST', body: JSON.stringify(input) },
    );
  }

  async getRepository(name: string) {
    return this.call<ImageRepository & { registryHost: string }>(
      this.repoPath(name),
    );
  }

  async listTags(name: string) {
    return this.call<ImageTagPage>(`${this.repoPath(name)}/tags?limit=200`);
  }

  async deleteTag(name: string, tag: string) {
    await this.call(`${this.repoPath(name)}/tags/${encodeURIComponent(tag)}`, {
      method: 'DELETE',
    });
  }

  async listTokens() {
    return this.call<{ items: PersonalAccessToken[]; registryHost: string }>(
      '/tokens',
    );
  }

  async createToken(input: { name: string; expiresInDays: number }) {
    return this.call<CreatedPersonalAccessToken & { registryHost: string }>(
      '/tokens',
      { method: 'POST', body: JSON.stringify(input) },
    );
  }

  async revokeToken(id: string) {
    await this.call(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  async listActivity(name: string) {
    return (
      await this.call<{ items: RegistryActivity[] }>(
        `${this.repoPath(name)}/activity?limit=100`,
      )
    ).items;
  }

  async setVisibility(name: string, visibility: RegistryVisibility | null) {
    await this.call(this.repoPath(name), {
      method: 'PATCH',
      body: JSON.stringify({ visibility }),
    });
  }

  async deleteRepository(name: string) {
    await this.call(this.repoPath(name), { method: 'DELETE' });
  }
}
