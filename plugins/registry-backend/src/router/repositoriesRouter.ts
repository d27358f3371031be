import express from 'express';
import { InputError } from '@backstage/errors';
import {
  imageRepositoryMatrix,
  Visibility,
} from '@cellport/plugin-access-common';
import { isValidTag } from '@cellport/plugin-registry-common';
import { decodeCursor, encodeCursor, parsePageQuery } from '@cellport/common';
import { RegistryApiRouter, RegistryRouteContext } from './context';
import { checkRepositoryParams, parse, schemas } from './schemas';

/** Image repositories: search, read, update, visibility, delete, tags and activity. */
export function registerRepositoriesRoutes(
  router: RegistryApiRouter,
  ctx: RegistryRouteContext,
): void {
  const options = ctx;
  const { store, accessService, registry } = ctx;
  const {
    credentialsOf,
    repositoryRef,
    repositoryFor,
    repositoryActions,
    mergedActivity,
    setRepositoryVisibility,
    checkVisibilityWithinGroup,
    purgeRepository,
  } = ctx;

  // --- repositories ----------------------------------------------------------------------------
  router.get('/repositories', async (req, res) => {
    const page = parsePageQuery(req.query, 1);
    const credentials = await credentialsOf(req);
    const q = req.query.q;
    const filter = await accessService.getListFilter(
      credentials,
      'image-repository',
    );
    const found = await store.repositories.listRepositoriesPage({ query: q }, page, filter.apply);
    res.json({ ...found, registryHost: options.registryHost });
  });

  router.get('/repositories/:group/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const repo = await repositoryFor(credentials, name);
    res.json({
      ...repo,
      allowed: await repositoryActions(credentials, name),
      registryHost: options.registryHost,
    });
  });

  const updateRepository = async (
    req: express.Request,
    body: { visibility?: Visibility | null; description?: string },
  ) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const repo = await repositoryFor(
      credentials,
      name,
      body.visibility !== undefined
        ? imageRepositoryMatrix.visibilityUpdate.permission
        : imageRepositoryMatrix.update.permission,
    );
    if (body.visibility !== undefined) {
      const group = (await store.groups.getGroup(repo.group))!;
      await checkVisibilityWithinGroup(credentials, group, body.visibility);
      await setRepositoryVisibility(credentials, repo, body.visibility, group, req);
    }
    return store.repositories.updateRepository(name, body, credentials.principal.userEntityRef);
  };

  router.patch('/repositories/:group/:name', async (req, res) => {
    res.json(await updateRepository(req, req.body));
  });

  // replaces the access router's PUT /visibility, to keep the registry tables in step
  router.put('/repositories/:group/:name/visibility', async (req, res) => {
    await updateRepository(req, req.body);
    res.status(204).end();
  });

  router.delete('/repositories/:group/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const me = credentials.principal.userEntityRef;
    const name = checkRepositoryParams(req.params.group, req.params.name);
    await repositoryFor(credentials, name, imageRepositoryMatrix.delete.permission);
    await purgeRepository(name);
    await store.repositories.deleteRepository(name, me);
    await accessService.unregisterResource(credentials, repositoryRef(name), {
      request: req,
    });
    options.logger.info('Image repository deleted', { repository: name, by: me });
    res.status(204).end();
  });

  router.get('/repositories/:group/:name/tags', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const { cursor, ...q } = parse(schemas.tags, req.query);
    if (cursor !== undefined) {
      // the cursor names the last tag of the previous page, like `last` (the registry's own)
      const [last] = decodeCursor(cursor, 1);
      if (q.last !== undefined && q.last !== last) {
        throw new InputError('pass either cursor or last, not both');
      }
      q.last = last;
    }
    if (q.last !== undefined && !isValidTag(q.last)) {
      throw new InputError(
        cursor !== undefined
          ? 'invalid cursor: pass the nextCursor of a previous page'
          : `last: '${q.last}' is not a valid tag`,
      );
    }
    await repositoryFor(credentials, name);
    const page = await registry.listTags(name, q);
    const pushes = await store.events.getTagPushes(
      name,
      page.items.map(t => t.tag),
    );
    res.json({
      ...page,
      ...(page.next !== undefined ? { nextCursor: encodeCursor([page.next]) } : {}),
      items: page.items.map(t => {
        const push = pushes.get(t.tag);
        return push && push.digest === t.digest
          ? { ...t, pushedAt: push.pushedAt, pusher: push.pusher }
          : t;
      }),
    });
  });

  router.delete('/repositories/:group/:name/tags/:tag', async (req, res) => {
    const credentials = await credentialsOf(req);
    const me = credentials.principal.userEntityRef;
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const tag = req.params.tag;
    if (!isValidTag(tag)) {
      throw new InputError(`'${tag}' is not a valid tag`);
    }
    const repo = await repositoryFor(
      credentials,
      name,
      imageRepositoryMatrix.tagDelete.permission,
    );
    const digest = await registry.deleteTag(name, tag);
    await store.events.deleteTagPush(name, tag);
    await store.events.recordActivity(repo.group, name, 'tag-deleted', me, {
      tag,
      digest,
    });
    res.json({ tag, digest });
  });

  router.get('/repositories/:group/:name/activity', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const q = parse(schemas.activity, req.query);
    const repo = await repositoryFor(
      credentials,
      name,
      imageRepositoryMatrix.eventsRead.permission,
    );
    const own = await store.events.listActivity({
      group: repo.group,
      repository: name,
      ...q,
    });
    res.json({
      items: await mergedActivity(credentials, repositoryRef(name), own, q.limit),
    });
  });
}
