/**
 * The evacuation routes of the slb API (`/evacuations...`), typed and validated from the
 * plugin's OpenAPI document; platform admins only (404 for everyone else).
 */
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { PageRequest, parsePageQuery } from '@cellport/common';
import express from 'express';
import { spec } from '../../schema/openapi.generated';
import { EvacuationService } from './EvacuationService';

/**
 * The `/evacuations` routes.
 *
 * @public
 */
export function createEvacuationRouter(options: {
  httpAuth: HttpAuthService;
  evacuations: EvacuationService;
}): express.Router {
  const { httpAuth, evacuations } = options;
  const router = createValidatedOpenApiRouter(spec, {
    middleware: [express.json({ limit: '16kb' })],
  });
  const user = (req: express.Request) => httpAuth.credentials(req, { allow: ['user'] });

  router.get('/evacuations', async (req, res) => {
    const credentials = await user(req);
    let request: PageRequest;
    try {
      request = parsePageQuery(req.query, 2);
    } catch (error) {
      // everyone but a platform admin gets the 404 first, whatever the query
      await evacuations.requireAdmin(credentials);
      throw error;
    }
    res.json((await evacuations.list(credentials, request)) as any);
  });

  router.post('/evacuations/plan', async (req, res) => {
    res.json((await evacuations.plan(await user(req), req.body)) as any);
  });

  router.post('/evacuations', async (req, res) => {
    res.status(201).json((await evacuations.start(await user(req), req.body)) as any);
  });

  router.get('/evacuations/:id', async (req, res) => {
    res.json((await evacuations.get(await user(req), req.params.id)) as any);
  });

  router.post('/evacuations/:id/restore', async (req, res) => {
    res.json((await evacuations.restore(await user(req), req.params.id)) as any);
  });

  return router;
}
