/** An express app serving the access router the way plugins mount it, for router tests. */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { AccessService } from '../service/AccessService';
import { createAccessRouter } from '../router/createAccessRouter';

/**
 * Apps under `/apps/:name` and image repositories under `/repositories/:group/:repo` (a two-part
 * name), with Backstage's error handler; requests without credentials are unauthenticated.
 */
export function accessRouterApp(access: AccessService): express.Express {
  const app = express();
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  app.use('/apps/:name', createAccessRouter({ access, httpAuth, kind: 'app' }));
  app.use(
    '/repositories/:group/:repo',
    createAccessRouter({
      access,
      httpAuth,
      kind: 'image-repository',
      resourceName: req => `${req.params.group}/${req.params.repo}`,
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}
