import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { actorOf, adminRoutes, jsonBody } from '@cellport/plugin-access-node';
import express from 'express';
import { z } from 'zod';
import { spec } from '../schema/openapi.generated';
import { ImageGroupQuotas } from '../services/quota/ImageGroupQuotas';
import { RegistryApiRouter } from './context';
import { RegistryRouterOptions } from './options';
import { parse } from './schemas';

const operationsQuerySchema = z
  .object({
    days: z.coerce
      .number({ invalid_type_error: 'days must be a number' })
      .int('days must be a whole number')
      .min(1, 'days must be from 1 to 90')
      .max(90, 'days must be from 1 to 90')
      .default(30),
  })
  .strict();

const setQuotaSchema = z
  .object({
    imageGroups: z
      .number({ invalid_type_error: 'imageGroups must be a number' })
      .int('imageGroups must be a whole number')
      .min(0, 'imageGroups must be 0 or more')
      .max(Number.MAX_SAFE_INTEGER, 'imageGroups is too large')
      .optional(),
  })
  .strict();

/**
 * The admin view's registry routes (`/admin/operations`, `/admin/quotas...`), behind the access
 * library's gate: platform admins only, the 404 of an unknown route for everyone else (before
 * any validation).
 */
export function createAdminRouter(
  options: Pick<RegistryRouterOptions, 'httpAuth' | 'permissions'> & {
    quotas: ImageGroupQuotas;
  },
): express.Router {
  const { httpAuth, quotas } = options;
  const api: RegistryApiRouter = createValidatedOpenApiRouter<typeof spec>(
    spec,
    { middleware: jsonBody({ limit: '16kb' }) },
  );

  api.get('/admin/operations', async (req, res) => {
    const { days } = parse(operationsQuerySchema, req.query);
    res.json({ days: await quotas.pushesPerDay(days) });
  });

  api.get('/admin/quotas', async (_req, res) => {
    res.json({ quotas: await quotas.list() });
  });

  api.put('/admin/quotas/:ownerGroup', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const limits = parse(setQuotaSchema, req.body);
    res.json(
      await quotas.set(req.params.ownerGroup, limits, actorOf(credentials)),
    );
  });

  api.delete('/admin/quotas/:ownerGroup', async (req, res) => {
    await quotas.remove(req.params.ownerGroup);
    res.status(204).end();
  });

  return adminRoutes(options, api);
}
