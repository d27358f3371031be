/**
 * The builds plugin's admin routes (`/admin/...`, platform admins only: the empty 404 of an
 * unknown route for everyone else), typed from the plugin's OpenAPI document.
 */
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { adminRoutes, parseInput } from '@cellport/plugin-access-node';
import express from 'express';
import { z } from 'zod';
import { spec } from '../../schema/openapi.generated';
import { BuildOperations } from './BuildOperations';

const operationsQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(30),
});

/**
 * The `/admin` routes of the builds API; mount it before the plugin's other routers.
 *
 * @public
 */
export function createAdminRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  operations: BuildOperations;
}): express.Router {
  const router = createValidatedOpenApiRouter<typeof spec>(spec);
  router.get('/admin/operations', async (req, res) => {
    const { days } = parseInput(operationsQuery, req.query);
    res.json(await options.operations.read(days));
  });
  return adminRoutes(options, router);
}
