import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseInput } from '@cellport/plugin-access-node';
import {
  createVersionRequestSchema,
  scaleRequestSchema,
} from '@cellport/plugin-cells-common';
import { VersionScaling } from '../services/apps/VersionScaling';
import { VersionService } from '../services/apps/VersionService';
import { callerOf, CellsApiRouter } from './types';

/**
 * `/apps/:app/versions`: list (newest first, a page at a time), create (the first deploy) and remove versions
 * ({@link VersionService}), and scale one in a cell ({@link VersionScaling}).
 */
export function versionsRoutes(
  router: CellsApiRouter,
  deps: {
    versions: VersionService;
    scaling: VersionScaling;
    httpAuth: HttpAuthService;
  },
) {
  const { versions, scaling } = deps;
  const caller = callerOf(deps.httpAuth);

  router.get('/apps/:app/versions', async (req, res) => {
    const page = await versions.list(
      await caller(req),
      req.params.app,
      req.query,
    );
    res.json({ ...page });
  });

  router.post('/apps/:app/versions', async (req, res) => {
    const credentials = await caller(req);
    const body = parseInput(createVersionRequestSchema, req.body);
    const version = await versions.create(credentials, req.params.app, body);
    res.status(201).json(version);
  });

  router.delete('/apps/:app/versions/:version', async (req, res) => {
    await versions.remove(
      await caller(req),
      req.params.app,
      req.params.version,
    );
    res.status(204).end();
  });

  router.post('/apps/:app/versions/:version/scale', async (req, res) => {
    const credentials = await caller(req);
    const body = parseInput(scaleRequestSchema, req.body);
    res.json(
      await scaling.scale(credentials, req.params.app, req.params.version, body),
    );
  });
}
