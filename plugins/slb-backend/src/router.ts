/**
 * The slb HTTP API, typed and validated from `src/schema/openapi.yaml`; bodies checked by the
 * zod schemas of `@cellport/plugin-slb-common`.
 */
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  directivesRequestSchema,
  domainCreateRequestSchema,
  domainUpdateRequestSchema,
} from '@cellport/plugin-slb-common';
import { jsonBody, parseInput } from '@cellport/plugin-access-node';
import { parsePageQuery } from '@cellport/common';
import express from 'express';
import { spec } from './schema/openapi.generated';
import { DomainService } from './services/DomainService';

/**
 * What the slb router needs.
 *
 * @public
 */
export interface SlbRouterOptions {
  httpAuth: HttpAuthService;
  domains: DomainService;
}

/**
 * The slb API: groups, domains, admin directives. `GET /groups` lists the LB groups of the
 * configuration (bounded by it) in one answer; `GET /domains` answers a page (`limit`, `cursor`).
 *
 * @public
 */
export async function createRouter(options: SlbRouterOptions): Promise<express.Router> {
  const { httpAuth, domains } = options;
  const router = createValidatedOpenApiRouter(spec, {
    middleware: jsonBody({ limit: '1mb' }),
  });
  const user = (req: express.Request) => httpAuth.credentials(req, { allow: ['user'] });

  router.get('/groups', async (req, res) => {
    await user(req);
    res.json({ items: (await domains.listGroups()) as any });
  });

  router.get('/domains', async (req, res) => {
    const credentials = await user(req);
    const app = typeof req.query.app === 'string' ? req.query.app : undefined;
    const page = await domains.listPage(credentials, { app }, parsePageQuery(req.query, 1));
    res.json(page as any);
  });

  router.post('/domains', async (req, res) => {
    const credentials = await user(req);
    const input = parseInput(domainCreateRequestSchema, req.body);
    const view = await domains.create(credentials, input, credentials.principal.userEntityRef);
    res.status(201).json(view as any);
  });

  router.get('/domains/:name', async (req, res) => {
    const credentials = await user(req);
    res.json((await domains.get(credentials, req.params.name)) as any);
  });

  router.put('/domains/:name', async (req, res) => {
    const credentials = await user(req);
    const input = parseInput(domainUpdateRequestSchema, req.body);
    res.json((await domains.update(credentials, req.params.name, input)) as any);
  });

  router.delete('/domains/:name', async (req, res) => {
    const credentials = await user(req);
    await domains.delete(credentials, req.params.name);
    res.status(204).end();
  });

  router.put('/domains/:name/directives', async (req, res) => {
    const credentials = await user(req);
    const input = parseInput(directivesRequestSchema, req.body);
    res.json((await domains.setDirectives(credentials, req.params.name, input.extraDirectives)) as any);
  });

  return router;
}
