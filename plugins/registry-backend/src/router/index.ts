import express from 'express';
import Router from 'express-promise-router';
import { ServiceUnavailableError } from '@backstage/errors';
import { createAccessRouter, jsonBody } from '@cellport/plugin-access-node';
import { createRouteContext } from './context';
import { createGroupsRouter } from './groupsRouter';
import { RegistryRouterOptions } from './options';
import { createRepositoriesRouter } from './repositoriesRouter';
import { createRobotsRouter } from './robotsRouter';
import { checkGroupParam, checkRepositoryParams } from './schemas';
import { createTokenRouter } from './tokenRouter';
import { createTokensRouter } from './tokensRouter';
import { createWebhookRouter } from './webhookRouter';

export type { RegistryRouterOptions } from './options';

/**
 * The registry plugin's routes: the token endpoint, the registry webhook and the portal API, one
 * sub-router per resource.
 *
 * @public
 */
export async function createRouter(
  options: RegistryRouterOptions,
): Promise<express.Router> {
  const { accessService, httpAuth } = options;
  const ctx = createRouteContext(options);
  const router = Router();
  // the Docker token endpoint and the registry's webhook answer by their own specs
  router.use(createTokenRouter(options));
  router.use(createWebhookRouter(options));

  router.use(jsonBody({ limit: '64kb' }));
  router.use(createGroupsRouter(ctx));
  router.use(createRepositoriesRouter(ctx));
  // --- members, ownership (the access library's router) ---------------------------------------
  router.use(
    '/groups/:group',
    createAccessRouter({
      access: accessService,
      httpAuth,
      kind: 'image-group',
      resourceName: req => checkGroupParam(req.params.group),
    }),
  );
  router.use(
    '/repositories/:group/:name',
    createAccessRouter({
      access: accessService,
      httpAuth,
      kind: 'image-repository',
      resourceName: req =>
        checkRepositoryParams(req.params.group, req.params.name),
    }),
  );
  router.use(createRobotsRouter(ctx));
  router.use(createTokensRouter(ctx));
  return router;
}

/**
 * A router that answers every request with 503 and `message`: what the plugin serves when it
 * cannot start (no key pair, no registry configuration), so the rest of the portal keeps working.
 *
 * @public
 */
export function createUnavailableRouter(message: string): express.Router {
  const router = Router();
  router.use(() => {
    throw new ServiceUnavailableError(message);
  });
  return router;
}
