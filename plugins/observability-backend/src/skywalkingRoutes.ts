import { HttpAuthService } from '@backstage/backend-plugin-api';
import { appPermissions } from '@cellport/plugin-access-common';
import { DASHBOARD_RANGES, DashboardRange } from '@cellport/plugin-observability-common';
import express from 'express';
import { z } from 'zod';
import { AppAccess, parseInput } from '@cellport/plugin-access-node';
import { SkyWalkingService } from './services/skywalking/SkyWalkingService';

const rangeSchema = z
  .enum(Object.keys(DASHBOARD_RANGES) as [DashboardRange, ...DashboardRange[]])
  .default('1h');
const ms = z.coerce.number().int().nonnegative().max(3_600_000).optional();
const traceQuerySchema = z.strictObject({
  range: rangeSchema,
  endpoint: z.string().max(500).optional(),
  minDuration: ms,
  maxDuration: ms,
  state: z.enum(['ALL', 'SUCCESS', 'ERROR']).default('ALL'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});


/**
 * The SkyWalking routes of the observability router (topology, traces, a trace, endpoints), each
 * for the app's Reporters and up.
 */
export function addSkyWalkingRoutes(
  router: express.Router,
  deps: { httpAuth: HttpAuthService; access: AppAccess; skywalking: SkyWalkingService },
) {
  const { httpAuth, access, skywalking } = deps;
  const authorize = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await access.authorize(credentials, appPermissions.metricsRead, req.params.app);
  };
  const rangeOf = (req: express.Request) =>
    DASHBOARD_RANGES[parseInput(z.object({ range: rangeSchema }), { range: req.query.range }).range];

  router.get('/apps/:app/skywalking/topology', async (req, res) => {
    await authorize(req);
    res.json(await skywalking.topology(req.params.app, rangeOf(req)));
  });
  router.get('/apps/:app/skywalking/traces', async (req, res) => {
    await authorize(req);
    const q = parseInput(traceQuerySchema, req.query);
    res.json(
      await skywalking.traces(req.params.app, {
        rangeSeconds: DASHBOARD_RANGES[q.range],
        endpoint: q.endpoint,
        minDurationMs: q.minDuration,
        maxDurationMs: q.maxDuration,
        state: q.state,
        limit: q.limit,
      }),
    );
  });
  router.get('/apps/:app/skywalking/traces/:traceId', async (req, res) => {
    await authorize(req);
    res.json(await skywalking.trace(req.params.app, req.params.traceId));
  });
  router.get('/apps/:app/skywalking/endpoints', async (req, res) => {
    await authorize(req);
    res.json(await skywalking.endpoints(req.params.app, rangeOf(req)));
  });
}
