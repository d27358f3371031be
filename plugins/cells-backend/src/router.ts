import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AccessService,
  createAccessRouter,
  jsonBody,
} from '@cellport/plugin-access-node';
import { AppEventsResponse, AppOverview } from '@cellport/plugin-cells-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { AppService, parse } from './services/apps/AppService';
import { AppViews } from './services/apps/AppViews';
import { CellService } from './services/CellService';
import {
  cellsClustersReadPermission,
  withoutClusterDetails,
} from './permissions';

/**
 * What the cells router needs. Without `apps` (and `appViews`, `access`) only the regions and
 * cells routes exist.
 *
 * @public
 */
export interface CellsRouterOptions {
  cells: CellService;
  httpAuth: HttpAuthService;
  /** Decides `cells.clusters.read` (API URLs, versions and raw errors of the cells). */
  permissions: PermissionsService;
  apps?: AppService;
  appViews?: AppViews;
  /** The access library's service of kind `app`: mounts the members routes. */
  access?: AccessService;
  /** The release engine's routes (`/apps/:app/releases...`), mounted as they are. */
  releases?: express.Router;
}

const listAppsQuerySchema = z
  .object({
    q: z.string().max(63, 'q must be at most 63 characters').optional(),
  })
  .strict();

/**
 * The cells plugin's HTTP API (see `CELLS_API_ROUTES` in `@cellport/plugin-cells-common`):
 * regions and cells, apps, versions, the app views and members. Bodies and queries are
 * validated (400 naming the problem); errors are Backstage errors, mapped to their status by the
 * framework.
 *
 * @public
 */
export async function createRouter(
  deps: CellsRouterOptions,
): Promise<express.Router> {
  const { cells, httpAuth, apps, appViews, access, releases } = deps;
  const router = Router();
  router.use(jsonBody({ limit: '1mb' }));

  const credentials = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const mayReadClusters = async (caller: BackstageCredentials) => {
    const [decision] = await deps.permissions.authorize(
      [{ permission: cellsClustersReadPermission }],
      { credentials: caller },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };

  router.get('/regions', async (req, res) => {
    const regions = await cells.listRegions();
    if (await mayReadClusters(await credentials(req))) {
      res.json({ items: regions });
      return;
    }
    res.json({
      items: regions.map(r => ({ ...r, cells: r.cells.map(withoutClusterDetails) })),
    });
  });

  router.get('/cells/:name', async (req, res) => {
    const caller = await credentials(req);
    const cell = await cells.getCell(req.params.name);
    res.json((await mayReadClusters(caller)) ? cell : withoutClusterDetails(cell));
  });

  if (apps && appViews) {
    router.get('/apps', async (req, res) => {
      const query = parse(listAppsQuerySchema, req.query);
      res.json({ items: await apps.listApps(await credentials(req), query) });
    });

    router.post('/apps', async (req, res) => {
      const app = await apps.createApp(await credentials(req), req.body, {
        request: req,
      });
      res.status(201).json(app);
    });

    router.get('/apps/:app', async (req, res) => {
      res.json(await apps.getApp(await credentials(req), req.params.app));
    });

    router.patch('/apps/:app', async (req, res) => {
      res.json(
        await apps.updateApp(await credentials(req), req.params.app, req.body),
      );
    });

    router.delete('/apps/:app', async (req, res) => {
      await apps.deleteApp(await credentials(req), req.params.app, {
        request: req,
      });
      res.status(204).end();
    });

    router.get('/apps/:app/versions', async (req, res) => {
      res.json({
        items: await apps.listVersions(await credentials(req), req.params.app),
      });
    });

    router.post('/apps/:app/versions', async (req, res) => {
      const version = await apps.createVersion(
        await credentials(req),
        req.params.app,
        req.body,
      );
      res.status(201).json(version);
    });

    router.delete('/apps/:app/versions/:version', async (req, res) => {
      await apps.removeVersion(
        await credentials(req),
        req.params.app,
        req.params.version,
      );
      res.status(204).end();
    });

    router.post('/apps/:app/versions/:version/scale', async (req, res) => {
      res.json(
        await apps.scaleVersion(
          await credentials(req),
          req.params.app,
          req.params.version,
          req.body,
        ),
      );
    });

    router.get('/apps/:app/overview', async (req, res) => {
      const body: AppOverview = await appViews.overview(
        await credentials(req),
        req.params.app,
      );
      res.json(body);
    });

    router.get('/apps/:app/events', async (req, res) => {
      const body: AppEventsResponse = await appViews.events(
        await credentials(req),
        req.params.app,
      );
      res.json(body);
    });

    router.get('/apps/:app/cells/:cell/pods/:pod/log', async (req, res) => {
      // the log is buffered here until the checks passed: errors still answer as JSON
      const body = new PassThrough();
      const stop = await appViews.streamPodLog(
        await credentials(req),
        req.params.app,
        req.params.cell,
        req.params.pod,
        req.query,
        body,
      );
      res.status(200);
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('X-Accel-Buffering', 'no');
      // a reader that goes away stops the follow
      res.on('close', () => {
        stop();
        body.destroy();
      });
      res.on('error', stop);
      body.pipe(res);
    });

    router.get('/apps/:app/permissions', async (req, res) => {
      res.json(
        await appViews.permissions(await credentials(req), req.params.app),
      );
    });
  }

  if (releases) {
    router.use(releases);
  }

  if (access) {
    router.use(
      '/apps/:app',
      createAccessRouter({
        access,
        httpAuth,
        kind: 'app',
        resourceName: req => req.params.app,
      }),
    );
  }

  return router;
}
