import express from 'express';
import Router from 'express-promise-router';
import { ServiceUnavailableError } from '@backstage/errors';
import { createAccessRouter, jsonBody } from '@cellport/plugin-access-node';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi.generated';
import { createAdminRouter } from './adminRouter';
import { createRouteContext, RegistryApiRouter } from './context';
import { registerGroupsRoutes } from './groupsRouter';
import { RegistryRouterOptions } from './options';
import { registerRepositoriesRoutes } from './repositoriesRouter';
import { registerRobotsRoutes } from './robotsRouter';
import { checkGroupParam, checkRepositoryParams } from './schemas';
import { createTokenRouter } from './tokenRouter';
import { registerTokensRoutes } from './tokensRouter';
import { createWebhookRouter } from './webhookRouter';

export type { RegistryRouterOptions } from './options';

const passThrough: express.RequestHandler = (_req, _res, next) => next();

/** The access library's members routes: validated by the access router, after its visibility check. */
const ACCESS_ROUTES = /^\/(groups\/[^/]+|repositories\/[^/]+\/[^/]+)\/(members(\/.*)?|transfer)$/;

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
  if (options.quotas) {
    // the admin view's routes: platform admins only, a 404 before any validation for the others
    router.use(createAdminRouter({ ...options, quotas: options.quotas }));
  }
  // the Docker token endpoint and the registry's webhook answer by their own specs
  router.use(createTokenRouter(options));
  router.use(createWebhookRouter(options));

  // the portal API: requests validated against the OpenAPI document; the access library's
  // members routes check visibility before their bodies (a non-member gets 404 whatever the body)
  // (bodies are parsed before it: its error handler would turn a 413 into a 400)
  router.use(jsonBody({ limit: '64kb' }));
  const api: RegistryApiRouter = createValidatedOpenApiRouter<typeof spec>(
    spec,
    {
      middleware: [passThrough],
      validatorOptions: { ignorePaths: ACCESS_ROUTES },
    },
  );
  router.use(api);
  registerGroupsRoutes(api, ctx);
  registerRepositoriesRoutes(api, ctx);
  // --- members, ownership (the access library's router) ---------------------------------------
  api.use(
    '/groups/:group',
    createAccessRouter({
      access: accessService,
      httpAuth,
      kind: 'image-group',
      resourceName: req => checkGroupParam(req.params.group),
    }),
  );
  api.use(
    '/repositories/:group/:name',
    createAccessRouter({
      access: accessService,
      httpAuth,
      kind: 'image-repository',
      resourceName: req =>
        checkRepositoryParams(req.params.group, req.params.name),
    }),
  );
  registerRobotsRoutes(api, ctx);
  registerTokensRoutes(api, ctx);
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
