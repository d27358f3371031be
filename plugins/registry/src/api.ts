import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import {
  createRegistryApiClient,
  type RegistryApiClient,
  type CreatedPersonalAccessToken,
  type CreatedRobotAccount,
  type RobotAccount,
  type RobotScope,
  type ImageGroup,
  type ImageRepository,
  type ImageTagPage,
  type PersonalAccessToken,
  type RegistryActivity,
} from '@cellport/plugin-registry-common';
import type { Page } from '@cellport/common';

/** Visibility of an image group or repository. @public */
export type RegistryVisibility = 'private' | 'public';

/**
 * Which page of a list to get: the previous page's `nextCursor` (none for the first page) and
 * the page size (the backend's default, 100, when absent; at most 500).
 *
 * @public
 */
export type RegistryPageRequest = { cursor?: string; limit?: number };

/**
 * Client of the registry backend.
 *
 * @public
 */
export interface RegistryApi {
  /** A page of the image groups the user may see, by name. */
  listGroups(page?: RegistryPageRequest): Promise<Page<ImageGroup>>;
  /** Creates an image group; the user becomes its Owner. */
  createGroup(input: {
    name: string;
    visibility: RegistryVisibility;
    description?: string;
  }): Promise<ImageGroup>;
  /** One image group, with the user's role in it. */
  getGroup(name: string): Promise<ImageGroup>;
  /** A page of the repositories of a group the user may see, by name. */
  listGroupRepositories(
    group: string,
    page?: RegistryPageRequest,
  ): Promise<Page<ImageRepository>>;
  /** Deletes an image group with all its repositories and images (Owner). */
  deleteGroup(name: string): Promise<void>;
  /** A page of the group's robot accounts, by name (Master). */
  listRobots(
    group: string,
    page?: RegistryPageRequest,
  ): Promise<Page<RobotAccount>>;
  /** Creates a robot account; its secret is in the answer only (Master). */
  createRobot(
    group: string,
    input: { name: string; scopes: RobotScope[] },
  ): Promise<CreatedRobotAccount>;
  /** Deletes a robot account (Master). */
  deleteRobot(group: string, name: string): Promise<void>;
  /** A page of the repositories the user may see, by name, and the registry host to pull from. */
  listRepositories(
    page?: RegistryPageRequest,
  ): Promise<Page<ImageRepository> & { registryHost: string }>;
  /** Creates a repository in a group; `visibility: null` inherits the group's. */
  createRepository(
    group: string,
    input: { name: string; visibility: RegistryVisibility | null },
  ): Promise<ImageRepository>;
  /** One repository, with what the user may do on it. */
  getRepository(
    name: string,
  ): Promise<ImageRepository & { registryHost: string }>;
  /** A page of tags, in the registry's (lexical) order (200 when no limit is given). */
  listTags(name: string, page?: RegistryPageRequest): Promise<ImageTagPage>;
  /** Deletes a tag (Master). */
  deleteTag(name: string, tag: string): Promise<void>;
  /** A page of the user's personal access tokens, newest first, and the registry host for `docker login`. */
  listTokens(
    page?: RegistryPageRequest,
  ): Promise<Page<PersonalAccessToken> & { registryHost: string }>;
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

// the generated client names its methods after the HTTP verbs (GET, POST, ...)
/* eslint-disable new-cap */
/**
 * {@link RegistryApi} over HTTP through the client generated from the registry backend's OpenAPI
 * document (`createRegistryApiClient` of `@cellport/plugin-registry-common`), with the signed-in
 * user's credentials. Error answers become `ResponseError`s whose message is the server's.
 *
 * @public
 */
export class RegistryClient implements RegistryApi {
  private readonly client: RegistryApiClient;

  constructor(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = createRegistryApiClient(deps);
  }

  async listGroups(page?: RegistryPageRequest) {
    const { data } = await this.client.GET('/groups', {
      params: { query: pageQuery(page) },
    });
    return data as Page<ImageGroup>;
  }

  async createGroup(input: {
    name: string;
    visibility: RegistryVisibility;
    description?: string;
  }) {
    const { data } = await this.client.POST('/groups', { body: input });
    return data as ImageGroup;
  }

  async getGroup(name: string) {
    const { data } = await this.client.GET('/groups/{group}', {
      params: { path: { group: name } },
    });
    return data as ImageGroup;
  }

  async listGroupRepositories(group: string, page?: RegistryPageRequest) {
    const { data } = await this.client.GET('/groups/{group}/repositories', {
      params: { path: { group }, query: pageQuery(page) },
    });
    return data as Page<ImageRepository>;
  }

  async deleteGroup(name: string) {
    await this.client.DELETE('/groups/{group}', {
      params: { path: { group: name } },
    });
  }

  async listRobots(group: string, page?: RegistryPageRequest) {
    const { data } = await this.client.GET('/groups/{group}/robots', {
      params: { path: { group }, query: pageQuery(page) },
    });
    return data as Page<RobotAccount>;
  }

  async createRobot(group: string, input: { name: string; scopes: RobotScope[] }) {
    const { data } = await this.client.POST('/groups/{group}/robots', {
      params: { path: { group } },
      body: input,
    });
    return data as CreatedRobotAccount;
  }

  async deleteRobot(group: string, name: string) {
    await this.client.DELETE('/groups/{group}/robots/{robot}', {
      params: { path: { group, robot: name } },
    });
  }

  async listRepositories(page?: RegistryPageRequest) {
    const { data } = await this.client.GET('/repositories', {
      params: { query: pageQuery(page) },
    });
    return data as Page<ImageRepository> & { registryHost: string };
  }

  async createRepository(
    group: string,
    input: { name: string; visibility: RegistryVisibility | null },
  ) {
    const { data } = await this.client.POST('/groups/{group}/repositories', {
      params: { path: { group } },
      body: input,
    });
    return data as ImageRepository;
  }

  async getRepository(name: string) {
    const { data } = await this.client.GET('/repositories/{group}/{name}', {
      params: { path: repositoryPath(name) },
    });
    return data as ImageRepository & { registryHost: string };
  }

  async listTags(name: string, page?: RegistryPageRequest) {
    const { data } = await this.client.GET('/repositories/{group}/{name}/tags', {
      params: {
        path: repositoryPath(name),
        query: { ...pageQuery(page), limit: String(page?.limit ?? 200) },
      },
    });
    return data as ImageTagPage;
  }

  async deleteTag(name: string, tag: string) {
    await this.client.DELETE('/repositories/{group}/{name}/tags/{tag}', {
      params: { path: { ...repositoryPath(name), tag } },
    });
  }

  async listTokens(page?: RegistryPageRequest) {
    const { data } = await this.client.GET('/tokens', {
      params: { query: pageQuery(page) },
    });
    return data as Page<PersonalAccessToken> & { registryHost: string };
  }

  async createToken(input: { name: string; expiresInDays: number }) {
    const { data } = await this.client.POST('/tokens', { body: input });
    return data as CreatedPersonalAccessToken & { registryHost: string };
  }

  async revokeToken(id: string) {
    await this.client.DELETE('/tokens/{id}', { params: { path: { id } } });
  }

  async listActivity(name: string) {
    const { data } = await this.client.GET(
      '/repositories/{group}/{name}/activity',
      { params: { path: repositoryPath(name), query: { limit: '100' } } },
    );
    return data!.items as RegistryActivity[];
  }

  async setVisibility(name: string, visibility: RegistryVisibility | null) {
    await this.client.PATCH('/repositories/{group}/{name}', {
      params: { path: repositoryPath(name) },
      body: { visibility },
    });
  }

  async deleteRepository(name: string) {
    await this.client.DELETE('/repositories/{group}/{name}', {
      params: { path: repositoryPath(name) },
    });
  }
}

/** The `limit` and `cursor` query parameters of a page request (none for the defaults). */
function pageQuery(page?: RegistryPageRequest): { limit?: string; cursor?: string } {
  return {
    ...(page?.limit !== undefined ? { limit: String(page.limit) } : {}),
    ...(page?.cursor ? { cursor: page.cursor } : {}),
  };
}

/** The path parameters of a repository `group/name`. */
function repositoryPath(name: string): { group: string; name: string } {
  const slash = name.indexOf('/');
  return { group: name.slice(0, slash), name: name.slice(slash + 1) };
}
