import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { CellService } from './services/CellService';

/**
 * The cells plugin's HTTP API: `GET /regions` (regions, cells and their status), `GET /cells/:name`.
 *
 * @public
 */
export async function createRouter(deps: {
  cells: CellService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { cells, httpAuth } = deps;
  const router = Router();
  router.use(express.json());

  router.get('/regions', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await cells.listRegions() });
  });

  router.get('/cells/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await cells.getCell(req.params.name));
  });

  return router;
}
