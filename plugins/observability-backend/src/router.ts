import { timingSafeEqual } from 'node:crypto';
import {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { AuthenticationError } from '@backstage/errors';
import { parsePageQuery } from '@cellport/common';
import { appPermissions } from '@cellport/plugin-access-common';
import {
  alertRuleInputSchema,
  dashboardQuerySchema,
} from '@cellport/plugin-observability-common';
import express from 'express';
import { z } from 'zod';
import { AlertStore } from './database/AlertStore';
import { spec } from './schema/openapi.generated';
import { AppAccess, jsonBody, parseInput } from '@cellport/plugin-access-node';
import { AlertReceiver } from './services/alerts/AlertReceiver';
import { AlertRuleService } from './services/alerts/AlertRuleService';
import { DashboardService } from './services/dashboards/DashboardService';
import { SkyWalkingService } from './services/skywalking/SkyWalkingService';
import { addSkyWalkingRoutes } from './skywalkingRoutes';

/** The page size of an app's alert history: 1 to 500 (default 100); anything else is refused with a 400. */
const alertHistoryPageSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * What the observability router needs.
 *
 * @public
 */
export interface ObservabilityRouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  access: AppAccess;
  dashboards: DashboardService;
  rules: AlertRuleService;
  store: AlertStore;
  receiver: AlertReceiver;
  /** Traces, topology and endpoint metrics from SkyWalking's OAP. */
  skywalking: SkyWalkingService;
  /** The shared secret Alertmanager sends as a bearer token; unset: the webhook answers 503. */
  webhookSecret?: string;
}


function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The observability HTTP API, typed and validated from `src/schema/openapi.yaml`.
 *
 * @public
 */
export async function createRouter(
  options: ObservabilityRouterOptions,
): Promise<express.Router> {
  const { httpAuth, access, dashboards, rules, store, receiver } = options;
  const router = createValidatedOpenApiRouter(spec, {
    middleware: jsonBody({ limit: '5mb' }),
  });

  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/apps/:app/dashboard', async (req, res) => {
    const credentials = await user(req);
    await access.authorize(credentials, appPermissions.metricsRead, req.params.app);
    const query = parseInput(dashboardQuerySchema, req.query);
    res.json(await dashboards.getDashboard(req.params.app, query) as any);
  });

  router.get('/apps/:app/alerts/rules', async (req, res) => {
    const credentials = await user(req);
    await access.authorize(credentials, appPermissions.metricsRead, req.params.app);
    res.json(await rules.list(req.params.app, parsePageQuery(req.query, 1)) as any);
  });

  router.post('/apps/:app/alerts/rules', async (req, res) => {
    const credentials = await user(req);
    await access.authorize(credentials, appPermissions.update, req.params.app);
    const input = parseInput(alertRuleInputSchema, req.body);
    const { result, status } = await rules.create(
      req.params.app,
      input,
      credentials.principal.userEntityRef,
    );
    res.status(201).json({ rule: result, status } as any);
  });

  router.put('/apps/:app/alerts/rules/:ruleId', async (req, res) => {
    const credentials = await user(req);
    await access.authorize(credentials, appPermissions.update, req.params.app);
    const input = parseInput(alertRuleInputSchema, req.body);
    const { result, status } = await rules.update(
      req.params.app,
      req.params.ruleId,
      input,
    );
    res.json({ rule: result, status } as any);
  });

  router.delete('/apps/:app/alerts/rules/:ruleId', async (req, res) => {
    const credentials = await user(req);
    await access.authorize(credentials, appPermissions.update, req.params.app);
    res.json({
      status: { ...(await rules.delete(req.params.app, req.params.ruleId)) },
    });
  });

  router.get('/apps/:app/alerts/history', async (req, res) => {
    const credentials = await user(req);
    await access.authorize(credentials, appPermissions.metricsRead, req.params.app);
    const { limit } = parseInput(alertHistoryPageSchema, { limit: req.query.limit });
    res.json({ items: await store.listEvents(req.params.app, limit) } as any);
  });

  addSkyWalkingRoutes(router as unknown as express.Router, {
    httpAuth,
    access,
    skywalking: options.skywalking,
  });

  router.post('/alertmanager/webhook', async (req, res) => {
    if (!options.webhookSecret) {
      res.status(503).json({
        error: {
          name: 'ServiceUnavailableError',
          message: 'no webhook secret is configured (cellport.observability.alerts.webhookSecret)',
        },
        response: { statusCode: 503 },
      });
      return;
    }
    const header = req.header('authorization') ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1] ?? '';
    if (!sameSecret(token, options.webhookSecret)) {
      throw new AuthenticationError('invalid webhook secret');
    }
    res.json({ ...(await receiver.receive(req.body)) });
  });

  return router;
}
