import express from 'express';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError } from '@backstage/errors';
import { parsePageQuery } from '@cellport/common';
import {
  imageGroupCreatePermission,
  imageGroupMatrix,
  Visibility,
} from '@cellport/plugin-access-common';
import { RegistryApiRouter, RegistryRouteContext } from './context';
import { checkGroupParam, parse, schemas } from './schemas';

/** Image groups: list, create, read, update, visibility, delete, their repositories and activity. */
export function registerGroupsRoutes(
  router: RegistryApiRouter,
  ctx: RegistryRouteContext,
): void {
  const options = ctx;
  const { store, accessService } = ctx;
  const {
    credentialsOf,
    groupRef,
    repositoryRef,
    groupFor,
    mergedActivity,
    setRepositoryVisibility,
    checkVisibilityWithinGroup,
    purgeRepository,
  } = ctx;

  // --- image groups ----------------------------------------------------------------------------
  router.get('/groups', async (req, res) => {
    const page = parsePageQuery(req.query, 1);
    const credentials = await credentialsOf(req);
    const filter = await accessService.getListFilter(credentials, 'image-group');
    const repositories = await accessService.getListFilter(
      credentials,
      'image-repository',
    );
    // the page counts the groups the caller sees, repositoryCount the repositories, no others
    res.json({ ...(await store.groups.listGroups(page, filter.apply, repositories.apply)) });
  });

  router.post('/groups', async (req, res) => {
    const credentials = await credentialsOf(req);
    const me = credentials.principal.userEntityRef;
    const body = parse(schemas.createGroup, req.body);
    const [decision] = await options.permissions.authorize(
      [{ permission: imageGroupCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create image groups');
    }
    const create = async () => {
      const created = await store.groups.createGroup({ ...body, owner: me });
      try {
        // the creator becomes the group's Owner
        await accessService.registerResource(
          credentials,
          { ...groupRef(created.name), visibility: body.visibility },
          { request: req },
        );
      } catch (e) {
        await store.groups.deleteGroup(created.name);
        throw e;
      }
      return created;
    };
    // quota check, creation and its record at once: concurrent creations cannot both pass
    const group = options.quotas
      ? await options.quotas.createWithin(credentials, create)
      : await create();
    options.logger.info('Image group created', { group: group.name, by: me });
    res.status(201).json(group);
  });

  router.get('/groups/:group', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await groupFor(credentials, checkGroupParam(req.params.group)));
  });

  const updateGroup = async (
    req: express.Request,
    body: { visibility?: Visibility; description?: string },
  ) => {
    const credentials = await credentialsOf(req);
    const name = checkGroupParam(req.params.group);
    const group = await groupFor(
      credentials,
      name,
      body.visibility !== undefined
        ? imageGroupMatrix.visibilityUpdate.permission
        : imageGroupMatrix.update.permission,
    );
    if (body.visibility !== undefined) {
      await accessService.setVisibility(
        credentials,
        groupRef(name),
        body.visibility,
        { request: req },
      );
      // repositories without their own visibility follow the group's
      for (const repo of await store.repositories.listRepositories({ group: name })) {
        if (repo.visibilityOverride === null) {
          await setRepositoryVisibility(
            credentials,
            repo,
            null,
            { ...group, visibility: body.visibility },
            req,
          );
        }
      }
    }
    return store.groups.updateGroup(name, body, credentials.principal.userEntityRef);
  };

  router.patch('/groups/:group', async (req, res) => {
    res.json(await updateGroup(req, req.body));
  });

  // replaces the access router's PUT /visibility, to keep the registry tables in step
  router.put('/groups/:group/visibility', async (req, res) => {
    await updateGroup(req, req.body);
    res.status(204).end();
  });

  router.delete('/groups/:group', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkGroupParam(req.params.group);
    await groupFor(credentials, name, imageGroupMatrix.delete.permission);
    const repos = await store.repositories.listRepositories({ group: name });
    for (const repo of repos) {
      await purgeRepository(repo.name);
    }
    await store.groups.deleteGroup(name);
    for (const repo of repos) {
      await accessService.unregisterResource(
        credentials,
        repositoryRef(repo.name),
        { request: req },
      );
    }
    await accessService.unregisterResource(credentials, groupRef(name), {
      request: req,
    });
    options.logger.info('Image group deleted', {
      group: name,
      by: credentials.principal.userEntityRef,
    });
    res.status(204).end();
  });

  router.get('/groups/:group/repositories', async (req, res) => {
    const credentials = await credentialsOf(req);
    const group = await groupFor(credentials, checkGroupParam(req.params.group));
    // a non-member gets the group's 404 before any complaint about the page
    const page = parsePageQuery(req.query, 1);
    const filter = await accessService.getListFilter(
      credentials,
      'image-repository',
    );
    res.json({
      ...(await store.repositories.listRepositoriesPage({ group: group.name }, page, filter.apply)),
    });
  });

  router.post('/groups/:group/repositories', async (req, res) => {
    const credentials = await credentialsOf(req);
    const groupName = checkGroupParam(req.params.group);
    const body = parse(schemas.createRepository, req.body);
    const group = await groupFor(
      credentials,
      groupName,
      imageGroupMatrix.repositoryCreate.permission,
    );
    await checkVisibilityWithinGroup(credentials, group, body.visibility);
    const repo = await store.repositories.createRepository({
      name: `${groupName}/${body.name}`,
      group: groupName,
      visibility: body.visibility,
      description: body.description,
      actor: credentials.principal.userEntityRef,
    });
    try {
      // the creator becomes the repository's Owner; the group's members apply as well
      await accessService.registerResource(
        credentials,
        {
          ...repositoryRef(repo.name),
          visibility: body.visibility ?? group.visibility,
        },
        { request: req },
      );
    } catch (e) {
      await store.repositories.deleteRepository(repo.name, credentials.principal.userEntityRef);
      throw e;
    }
    res.status(201).json(repo);
  });

  router.get('/groups/:group/activity', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkGroupParam(req.params.group);
    const q = parse(schemas.activity, req.query);
    await groupFor(credentials, name, imageGroupMatrix.eventsRead.permission);
    const own = await store.events.listActivity({ group: name, ...q });
    res.json({
      items: await mergedActivity(credentials, groupRef(name), own, q.limit),
    });
  });
}
