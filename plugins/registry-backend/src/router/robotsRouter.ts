import express from 'express';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  imageGroupMatrix,
  imageRepositoryMatrix,
} from '@cellport/plugin-access-common';
import { z } from 'zod';
import { parsePageQuery } from '@cellport/common';
import { usernameOf } from '../services/Credentials';
import { registryUserCredentials } from '../services/RegistryAccess';
import { RegistryApiRouter, RegistryRouteContext } from './context';
import { checkGroupParam, componentSchema, parse, schemas } from './schemas';

/**
 * Robot accounts of an image group (Masters; and the robot service plugins' own pull-only robots,
 * optionally bound to a user).
 */
export function registerRobotsRoutes(
  router: RegistryApiRouter,
  ctx: RegistryRouteContext,
): void {
  const { store, access, accessService, httpAuth } = ctx;
  const registryCredentials = ctx.credentials;
  const { groupRef, repositoryRef, groupFor } = ctx;
  const robotServicePlugins = ctx.robotServicePlugins ?? ['cells'];

  // --- robots ----------------------------------------------------------------------------------
  /** A user, or a plugin of `robotServicePlugins` (which manages its own robots only). */
  async function robotCaller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const principal = credentials.principal;
    if (principal.type === 'user') {
      return { credentials, actor: principal.userEntityRef, service: false };
    }
    if (!robotServicePlugins.some(p => principal.subject === `plugin:${p}`)) {
      throw new NotAllowedError(
        `service '${principal.subject}' may not manage robots`,
      );
    }
    return { credentials, actor: principal.subject, service: true };
  }

  /**
   * What a service may create: pull-only robots of named repositories, for a user (when it says
   * which) who may pull each of them, as the token endpoint decides.
   */
  async function checkServiceRobot(
    group: string,
    body: z.infer<typeof schemas.createRobot>,
  ) {
    for (const scope of body.scopes) {
      if (
        scope.repository === '*' ||
        scope.actions.some(a => a !== 'pull')
      ) {
        throw new NotAllowedError(
          'a service may only create pull-only robots of named repositories',
        );
      }
    }
    if (!body.onBehalfOf) return;
    const userRef = body.onBehalfOf.toLocaleLowerCase('en-US');
    const asUser = registryUserCredentials(userRef);
    // what the user cannot see answers exactly like what does not exist
    if (
      !(await accessService.isAllowed(
        asUser,
        imageGroupMatrix.read.permission,
        groupRef(group),
      ))
    ) {
      throw new NotFoundError(`Image group '${group}' not found`);
    }
    for (const scope of body.scopes) {
      const repository = `${group}/${scope.repository}`;
      const allowed = await access.allowedActions(
        { type: 'user', userRef, username: usernameOf(userRef) },
        repository,
      );
      if (allowed.has('pull')) continue;
      const visible =
        (await store.repositories.getRepository(repository)) &&
        (await accessService.isAllowed(
          asUser,
          imageRepositoryMatrix.read.permission,
          repositoryRef(repository),
        ));
      if (!visible) {
        throw new NotFoundError(`Image repository '${repository}' not found`);
      }
      throw new NotAllowedError(
        `${userRef} may not pull from image repository '${repository}'`,
      );
    }
  }

  router.get('/groups/:group/robots', async (req, res) => {
    const caller = await robotCaller(req);
    const group = checkGroupParam(req.params.group);
    await groupFor(
      caller.credentials,
      group,
      imageGroupMatrix.membersManage.permission,
    );
    const page = parsePageQuery(req.query, 1);
    // a service sees (and pages through) the robots it created only
    res.json({
      ...(await store.robots.listRobots(group, page, caller.service ? caller.actor : undefined)),
    });
  });

  router.post('/groups/:group/robots', async (req, res) => {
    const caller = await robotCaller(req);
    const group = checkGroupParam(req.params.group);
    const { onBehalfOf, ...body } = parse(schemas.createRobot, req.body);
    await groupFor(
      caller.credentials,
      group,
      imageGroupMatrix.membersManage.permission,
    );
    // a robot may not do more than its creator may do in the whole group
    const needed = body.scopes.some(s => s.actions.includes('delete'))
      ? imageGroupMatrix.update.permission
      : imageGroupMatrix.repositoryCreate.permission;
    await groupFor(caller.credentials, group, needed);
    if (caller.service) {
      await checkServiceRobot(group, { ...body, onBehalfOf });
    } else if (onBehalfOf !== undefined) {
      throw new InputError('onBehalfOf: only services create robots for a user');
    }
    const robot = await registryCredentials.createRobot({
      group,
      ...body,
      actor: caller.actor,
      // its grants stay within the user's own at every token request
      ...(onBehalfOf
        ? { onBehalfOf: onBehalfOf.toLocaleLowerCase('en-US') }
        : {}),
    });
    res.status(201).json(robot);
  });

  router.delete('/groups/:group/robots/:robot', async (req, res) => {
    const caller = await robotCaller(req);
    const group = checkGroupParam(req.params.group);
    const robot = parse(componentSchema('robot name'), req.params.robot);
    await groupFor(
      caller.credentials,
      group,
      imageGroupMatrix.membersManage.permission,
    );
    if (
      caller.service &&
      (await store.robots.getRobot(group, robot))?.createdBy !== caller.actor
    ) {
      throw new NotFoundError(
        `robot '${robot}' not found in image group '${group}'`,
      );
    }
    await store.robots.deleteRobot(group, robot, caller.actor);
    res.status(204).end();
  });
}
