import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  AccessService,
  adminRoutes as adminGate,
  createAccessRouter,
  jsonBody,
} from '@cellport/plugin-access-node';
import express from 'express';
import { adminRoutes, CellsAdminServices } from './routes/adminRoutes';
import { appsRoutes } from './routes/appsRoutes';
import { appViewsRoutes } from './routes/appViewsRoutes';
import { cellsRoutes } from './routes/cellsRoutes';
import { CellsApiRouter } from './routes/types';
import { versionsRoutes } from './routes/versionsRoutes';
import { spec } from './schema/openapi.generated';
import { AppService } from './services/apps/AppService';
import { AppViews } from './services/apps/AppViews';
import { CellService } from './services/CellService';

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
  /** Apps, with their versions and scaling. */
  apps?: AppService;
  appViews?: AppViews;
  /** The access library's service of kind `app`: mounts the members routes. */
  access?: AccessService;
  /** The release engine's routes (`/apps/:app/releases...`), mounted as they are. */
  releases?: express.Router;
  /** The scaling routes for other plugins (`/scaling/...`), mounted as they are. */
  scaling?: express.Router;
  /** The admin view's routes (`/admin/...`, platform admins only; 404 for everyone else). */
  admin?: CellsAdminServices;
}

/**
 * The cells plugin's HTTP API, described by `src/schema/openapi.yaml` (served at
 * `/openapi.json`): every request is validated against the document
 * (400 naming the problem) before the routes of one resource each: cells, apps, versions, the
 * app views, releases, scaling for other plugins and members. Errors are Backstage errors, mapped to their status by the
 * framework.
 *
 * @public
 */
export async function createRouter(
  deps: CellsRouterOptions,
): Promise<express.Router> {
  const { httpAuth, admin } = deps;
  const router = createValidatedOpenApiRouter(spec, {
    middleware: jsonBody({ limit: '1mb' }),
  });
  if (admin) {
    // the gate runs before validation: a non-admin's bad query is a 404 too, not a 400
    const adminRouter = createValidatedOpenApiRouter(spec, {
      middleware: jsonBody({ limit: '64kb' }),
    });
    adminRoutes(adminRouter, { ...admin, httpAuth });
    const outer = express.Router();
    outer.use(adminGate(deps, adminRouter));
    outer.use(router);
    mountRoutes(router, deps);
    return outer;
  }
  mountRoutes(router, deps);
  return router;
}

function mountRoutes(router: CellsApiRouter, deps: CellsRouterOptions) {
  const { httpAuth, apps, appViews, access, releases, scaling } = deps;

  cellsRoutes(router, deps);
  if (apps && appViews) {
    appsRoutes(router, { apps, httpAuth });
    versionsRoutes(router, {
      versions: apps.versions,
      scaling: apps.scaling,
      httpAuth,
    });
    appViewsRoutes(router, { appViews, httpAuth });
  }
  if (releases) {
    router.use(releases);
  }
  if (scaling) {
    router.use(scaling);
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
}
