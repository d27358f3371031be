import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  cellsClustersReadPermission,
  withoutClusterDetails,
} from '../permissions';
import { CellService } from '../services/CellService';
import { callerOf, CellsApiRouter } from './types';

/**
 * `GET /regions` and `GET /cells/:cell`: the cells and their status; API URLs, Kubernetes versions
 * and raw errors only for callers allowed `cells.clusters.read`.
 */
export function cellsRoutes(
  router: CellsApiRouter,
  deps: {
    cells: CellService;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
  },
) {
  const { cells } = deps;
  const caller = callerOf(deps.httpAuth);
  const mayReadClusters = async (credentials: BackstageCredentials) => {
    const [decision] = await deps.permissions.authorize(
      [{ permission: cellsClustersReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };

  router.get('/regions', async (req, res) => {
    const regions = await cells.listRegions();
    if (await mayReadClusters(await caller(req))) {
      res.json({ items: regions });
      return;
    }
    res.json({
      items: regions.map(r => ({
        ...r,
        cells: r.cells.map(withoutClusterDetails),
      })),
    });
  });

  router.get('/cells/:cell', async (req, res) => {
    const credentials = await caller(req);
    const cell = await cells.getCell(req.params.cell);
    res.json(
      (await mayReadClusters(credentials)) ? cell : withoutClusterDetails(cell),
    );
  });
}
