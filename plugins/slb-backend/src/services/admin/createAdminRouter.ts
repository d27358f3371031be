/**
 * The slb plugin's admin routes (`/admin/...`, platform admins only: the empty 404 of an unknown
 * route for everyone else), typed from the plugin's OpenAPI document.
 */
import { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { adminRoutes } from '@cellport/plugin-access-node';
import express from 'express';
import { spec } from '../../schema/openapi.generated';
import { SpecialConfigs } from './SpecialConfigs';

/**
 * The `/admin` routes of the slb API; mount it before the plugin's other routers.
 *
 * @public
 */
export function createAdminRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  specialConfigs: SpecialConfigs;
}): express.Router {
  const router = createValidatedOpenApiRouter(spec);
  router.get('/admin/special-configs', async (_req, res) => {
    res.json(await options.specialConfigs.list());
  });
  return adminRoutes(options, router);
}
