import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { appMatrix } from '@cellport/plugin-access-common';
import {
  AccessService,
  actorOf,
  parseInput,
} from '@cellport/plugin-access-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AppStore } from '../../database/types';
import { startReleaseRequestSchema } from '@cellport/plugin-cells-common';
import type { QuotaService } from '../quota/QuotaService';
import { ReleaseService } from './ReleaseService';

/**
 * Options of {@link createReleaseRouter}.
 *
 * @public
 */
export interface ReleaseRouterOptions {
  access: AccessService;
  appStore: AppStore;
  releases: ReleaseService;
  httpAuth: HttpAuthService;
  /** Refuses a release whose target would exceed the app's owner groups' quotas. */
  quota?: Pick<QuotaService, 'checkRelease'>;
}

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().optional(),
});

const eventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
});

/**
 * The release routes of the cells plugin, relative to the plugin base URL:
 *
 * - `GET /apps/:app/releases` (`{ items: Release[], nextCursor? }`, newest first; `?limit=`, `?cursor=`) — app `read`
 * - `POST /apps/:app/releases` (body `startReleaseRequestSchema`, 201 `Release`) — `release.manage`
 * - `GET /apps/:app/releases/:id` (`Release` with steps) — `read`
 * - `GET /apps/:app/releases/:id/events` (`{ items: ReleaseEvent[] }`, oldest first; `?after=<event id>`) — `read`
 * - `POST /apps/:app/releases/:id/actions` (body `releaseActionRequestSchema`, `Release`) — `release.manage`
 * - `GET /gate-sources` (`{ items: string[] }`): the metric gate sources plans may use — any user
 * - `GET /traffic-shares` (`{ items: TrafficShare[] }`): the share of traffic each live release
 *   gives its new version, for load balancers — service principals only (other plugins)
 *
 * Non-members get 404 for everything of the app, members without the role 403.
 *
 * @public
 */
export function createReleaseRouter(
  options: ReleaseRouterOptions,
): express.Router {
  const { access, appStore, releases, httpAuth } = options;
  const router = Router();
  router.use(express.json());

  const authorize = async (
    req: express.Request<{ app: string }>,
    row: { permission: (typeof appMatrix)['read']['permission'] },
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await access.authorize(credentials, row.permission, {
      kind: 'app',
      name: req.params.app,
    });
    // the access resource and the app row are written apart: trust neither alone
    if (!(await appStore.getApp(req.params.app))) {
      throw new NotFoundError(`App '${req.params.app}' not found`);
    }
    return actorOf(credentials);
  };

  router.get('/gate-sources', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: releases.gateSourceNames() });
  });

  router.get('/traffic-shares', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json({ items: await releases.trafficShares() });
  });

  router.get('/apps/:app/releases', async (req, res) => {
    await authorize(req, appMatrix.read);
    const query = parseInput(listQuerySchema, req.query);
    res.json({ ...(await releases.list(req.params.app, query)) });
  });

  router.post('/apps/:app/releases', async (req, res) => {
    const actor = await authorize(req, appMatrix.releaseManage);
    // a bad plan is left to the release service, which names what to fix
    const plan = startReleaseRequestSchema.safeParse(req.body);
    if (plan.success) await options.quota?.checkRelease(req.params.app, plan.data);
    res.status(201).json(await releases.start(req.params.app, req.body, actor));
  });

  router.post('/apps/:app/cells/:cell/sync', async (req, res) => {
    const actor = await authorize(req, appMatrix.releaseManage);
    res
      .status(201)
      .json(await releases.syncCell(req.params.app, req.params.cell, actor));
  });

  router.get('/apps/:app/releases/:id', async (req, res) => {
    await authorize(req, appMatrix.read);
    res.json(await releases.get(req.params.app, req.params.id));
  });

  router.get('/apps/:app/releases/:id/events', async (req, res) => {
    await authorize(req, appMatrix.read);
    const query = parseInput(eventsQuerySchema, req.query);
    res.json({
      items: await releases.events(req.params.app, req.params.id, query),
    });
  });

  router.post('/apps/:app/releases/:id/actions', async (req, res) => {
    const actor = await authorize(req, appMatrix.releaseManage);
    res.json(
      await releases.act(req.params.app, req.params.id, req.body, actor),
    );
  });

  return router;
}
