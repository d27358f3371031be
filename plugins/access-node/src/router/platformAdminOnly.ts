/**
 * The gate of every admin route (`/admin/...`): platform admins pass, everyone else (other users,
 * services, callers whose check fails) gets the empty 404 an unknown route gets, so the admin
 * routes do not exist for them.
 */
import { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { adminViewPermission } from '@cellport/plugin-access-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';

/**
 * Express middleware for a plugin's `/admin` routes: calls `next()` for members of
 * `cellport.platformAdminGroup` (the `cellport.admin.view` permission), answers everyone else
 * with the body-less 404 of Backstage's not-found handler. Mount it before any body parser or
 * validator so a refused caller learns nothing from the request's shape.
 *
 * @public
 */
export function platformAdminOnly(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.RequestHandler {
  const { httpAuth, permissions } = options;
  return (req, res, next) => {
    (async () => {
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      if (credentials.principal.type !== 'user') return false;
      const [decision] = await permissions.authorize([{ permission: adminViewPermission }], {
        credentials,
      });
      return decision.result === AuthorizeResult.ALLOW;
    })().then(
      allowed => (allowed ? next() : res.status(404).end()),
      error => next(error),
    );
  };
}

/**
 * Mounts a plugin's admin routes: requests under `/admin` go through {@link platformAdminOnly}
 * and then `routes` (typically a validated OpenAPI router whose handlers are all under `/admin`);
 * every other request skips both and reaches the plugin's other routers untouched. Use it before
 * those routers, so a refused caller gets the 404 even where a validator would have answered 400.
 *
 * @public
 */
export function adminRoutes(
  options: { httpAuth: HttpAuthService; permissions: PermissionsService },
  routes: express.Handler,
): express.Router {
  const router = express.Router();
  router.use((req, _res, next) =>
    req.path === '/admin' || req.path.startsWith('/admin/') ? next() : next('router'),
  );
  router.use(platformAdminOnly(options));
  router.use(routes);
  return router;
}
