import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parsePageQuery } from '@cellport/common';
import { parseInput } from '@cellport/plugin-access-node';
import {
  addAppCellRequestSchema,
  createAppRequestSchema,
  updateAppRequestSchema,
} from '@cellport/plugin-cells-common';
import { z } from 'zod';
import { AppService } from '../services/apps/AppService';
import { callerOf, CellsApiRouter } from './types';

const listAppsQuerySchema = z
  .object({
    q: z.string().max(63, 'q must be at most 63 characters').optional(),
    // read by parsePageQuery
    limit: z.unknown().optional(),
    cursor: z.unknown().optional(),
  })
  .strict();

/**
 * `/apps` and `/apps/:app`: list (a page at a time, `limit` and `cursor`), create, get, update and delete apps, and add a cell to one ({@link AppService}).
 * Bodies are checked against the OpenAPI document, then parsed by the request schemas of
 * `@cellport/plugin-cells-common` (400 naming the field and what to fix).
 */
export function appsRoutes(
  router: CellsApiRouter,
  deps: { apps: AppService; httpAuth: HttpAuthService },
) {
  const { apps } = deps;
  const caller = callerOf(deps.httpAuth);

  router.get('/apps', async (req, res) => {
    const credentials = await caller(req);
    const { q } = parseInput(listAppsQuerySchema, req.query);
    const page = parsePageQuery(req.query, 1);
    // spread: the typed response wants an object type, which an interface (Page) is not
    res.json({ ...(await apps.listApps(credentials, { q, page })) });
  });

  router.post('/apps', async (req, res) => {
    const credentials = await caller(req);
    const body = parseInput(createAppRequestSchema, req.body);
    const app = await apps.createApp(credentials, body, { request: req });
    res.status(201).json(app);
  });

  router.get('/apps/:app', async (req, res) => {
    res.json(await apps.getApp(await caller(req), req.params.app));
  });

  router.patch('/apps/:app', async (req, res) => {
    const credentials = await caller(req);
    const body = parseInput(updateAppRequestSchema, req.body);
    res.json(await apps.updateApp(credentials, req.params.app, body));
  });

  router.post('/apps/:app/cells', async (req, res) => {
    const credentials = await caller(req);
    const body = parseInput(addAppCellRequestSchema, req.body);
    res.status(201).json(await apps.addCell(credentials, req.params.app, body));
  });

  router.delete('/apps/:app', async (req, res) => {
    await apps.deleteApp(await caller(req), req.params.app, { request: req });
    res.status(204).end();
  });
}
