import { HttpAuthService } from '@backstage/backend-plugin-api';
import { actorOf, parseInput } from '@cellport/plugin-access-node';
import {
  operationsQuerySchema,
  setQuotaRequestSchema,
} from '@cellport/plugin-cells-common';
import { CapacityReader } from '../services/admin/CapacityReader';
import { OperationsReport } from '../services/admin/OperationsReport';
import { QuotaService } from '../services/quota/QuotaService';
import { CellsApiRouter } from './types';

/**
 * What the admin routes need.
 *
 * @public
 */
export interface CellsAdminServices {
  operations: OperationsReport;
  capacity: CapacityReader;
  quotas: QuotaService;
}

/**
 * The admin view's routes (`/admin/...`): operations per day, cell capacity and quotas per owner
 * group. Mounted behind the access library's `adminRoutes` gate: non-admins get the 404 of an
 * unknown route before these run.
 */
export function adminRoutes(
  router: CellsApiRouter,
  deps: CellsAdminServices & { httpAuth: HttpAuthService },
) {
  const { operations, capacity, quotas, httpAuth } = deps;

  router.get('/admin/operations', async (req, res) => {
    const { days } = parseInput(operationsQuerySchema, req.query);
    res.json(await operations.report(days));
  });

  router.get('/admin/capacity', async (_req, res) => {
    res.json(await capacity.report());
  });

  router.get('/admin/quotas', async (_req, res) => {
    res.json({ quotas: await quotas.list() });
  });

  router.put('/admin/quotas/:ownerGroup', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const limits = parseInput(setQuotaRequestSchema, req.body);
    res.json(
      await quotas.set(req.params.ownerGroup, limits, actorOf(credentials)),
    );
  });

  router.delete('/admin/quotas/:ownerGroup', async (req, res) => {
    await quotas.remove(req.params.ownerGroup);
    res.status(204).end();
  });
}
