/**
 * `/scaling`: the cells plugin's scaling on behalf of other backend plugins (service principals
 * only; users scale through `/apps/:app/versions/:version/scale` with their roles).
 */
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseInput as parse } from '@cellport/plugin-access-node';
import { CellsScalingService } from '@cellport/plugin-cells-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

const label = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label');
const scaleBodySchema = z.strictObject({
  version: label,
  replicas: z.number().int().min(0).max(1000),
  reason: z.string().min(1).max(500),
});

/**
 * The `/scaling` routes.
 *
 * @public
 */
export function createScalingRouter(options: {
  httpAuth: HttpAuthService;
  scaling: CellsScalingService;
}): express.Router {
  const { httpAuth, scaling } = options;
  const router = Router();
  const service = (req: express.Request) => httpAuth.credentials(req, { allow: ['service'] });

  router.get('/scaling/cells', async (req, res) => {
    await service(req);
    const region = parse(z.strictObject({ region: label.optional() }), req.query).region;
    res.json({ items: await scaling.checkCells(region) });
  });

  router.get('/scaling/apps/:app', async (req, res) => {
    await service(req);
    res.json(await scaling.getPlacement(parse(label, req.params.app)));
  });

  router.put('/scaling/apps/:app/cells/:cell', express.json({ limit: '16kb' }), async (req, res) => {
    await service(req);
    const body = parse(scaleBodySchema, req.body);
    await scaling.scale({
      app: parse(label, req.params.app),
      cell: parse(label, req.params.cell),
      ...body,
    });
    res.status(204).end();
  });

  return router;
}
