import express from 'express';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  imageGroupMatrix,
  imageRepositoryMatrix,
  Visibility,
} from '@cellport/plugin-access-common';
import {
  ImageGroup,
  ImageRepository,
  REPOSITORY_ACTIONS,
  RegistryActivity,
  RepositoryAllowedActions,
} from '@cellport/plugin-registry-common';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi.generated';
import { RegistryRouterOptions } from './options';

/** The registry's portal routes, typed and validated from `src/schema/openapi.yaml`. */
export type RegistryApiRouter = ReturnType<
  typeof createValidatedOpenApiRouter<typeof spec>
>;

/**
 * What every registry sub-router shares: the router options and the access checks of image groups
 * and repositories (the access library: 404 for non-members, 403 for too weak a role).
 */
export function createRouteContext(options: RegistryRouterOptions) {
  const { store, accessService, registry, httpAuth } = options;

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const user = async (req: express.Request) =>
    (await credentialsOf(req)).principal.userEntityRef;

  // --- access checks (the access library: 404 for non-members, 403 for too weak a role) ------
  const groupRef = (name: string) => ({ kind: 'image-group' as const, name });
  const repositoryRef = (name: string) => ({
    kind: 'image-repository' as const,
    name,
  });

  async function groupFor(
    credentials: BackstageCredentials,
    name: string,
    permission: ResourcePermission = imageGroupMatrix.read.permission,
  ): Promise<ImageGroup> {
    await accessService.authorize(credentials, permission, groupRef(name));
    const group = await store.groups.getGroup(name);
    if (!group) {
      throw new NotFoundError(`image group '${name}' not found`);
    }
    return group;
  }

  async function repositoryFor(
    credentials: BackstageCredentials,
    name: string,
    permission: ResourcePermission = imageRepositoryMatrix.read.permission,
  ): Promise<ImageRepository> {
    await accessService.authorize(credentials, permission, repositoryRef(name));
    const repo = await store.repositories.getRepository(name);
    if (!repo) {
      throw new NotFoundError(`repository '${name}' not found`);
    }
    return repo;
  }

  /** What the caller may do on a repository, for the frontend to show only allowed buttons. */
  async function repositoryActions(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<RepositoryAllowedActions> {
    const entries = await Promise.all(
      REPOSITORY_ACTIONS.map(
        async action =>
          [
            action,
            await accessService.isAllowed(
              credentials,
              imageRepositoryMatrix[action].permission,
              repositoryRef(name),
            ),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as RepositoryAllowedActions;
  }

  /** Registry activity and the access library's (members, visibility), newest first. */
  async function mergedActivity(
    credentials: BackstageCredentials,
    ref: { kind: 'image-group' | 'image-repository'; name: string },
    own: RegistryActivity[],
    limit: number,
  ) {
    const group = ref.name.split('/')[0];
    const fromAccess = (
      await accessService.listActivity(credentials, ref, { limit })
    )
      .filter(a => a.action !== 'resource-created')
      .map(a => ({
        id: a.id,
        group,
        ...(ref.kind === 'image-repository' ? { repository: ref.name } : {}),
        action: a.action,
        actor: a.actor,
        createdAt: a.createdAt,
        details: a.details,
      }));
    return [...own, ...fromAccess]
      .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt))
      .slice(0, limit);
  }

  /** Sets a visibility in the access library (Owner, audited) and mirrors it in the registry tables. */
  async function setRepositoryVisibility(
    credentials: BackstageCredentials,
    repo: ImageRepository,
    override: Visibility | null,
    group: ImageGroup,
    req: express.Request,
  ) {
    await accessService.setVisibility(
      credentials,
      repositoryRef(repo.name),
      override ?? group.visibility,
      { request: req },
    );
  }

  /**
   * A repository may be more visible than its group (public in a private group) only by someone
   * who may change the group's own visibility (its Owner): otherwise a Developer could publish
   * what the group's Owner keeps private.
   */
  async function checkVisibilityWithinGroup(
    credentials: BackstageCredentials,
    group: ImageGroup,
    visibility: Visibility | null,
  ) {
    if (visibility === 'public' && group.visibility === 'private') {
      const allowed = await accessService.isAllowed(
        credentials,
        imageGroupMatrix.visibilityUpdate.permission,
        groupRef(group.name),
      );
      if (!allowed) {
        throw new NotAllowedError(
          `image group '${group.name}' is private: only who may change the group's visibility (its Owner) may make a repository in it public`,
        );
      }
    }
  }

  /** Deletes every manifest of a repository in the registry, untagged ones too. */
  async function purgeRepository(name: string) {
    await registry.deleteRepository(name, await store.events.listManifests(name));
  }

  return {
    ...options,
    credentialsOf,
    user,
    groupRef,
    repositoryRef,
    groupFor,
    repositoryFor,
    repositoryActions,
    mergedActivity,
    setRepositoryVisibility,
    checkVisibilityWithinGroup,
    purgeRepository,
  };
}

/** The shared context of the registry sub-routers. */
export type RegistryRouteContext = ReturnType<typeof createRouteContext>;
