import { createPermission } from '@backstage/plugin-permission-common';
import { CellSummary } from '@cellport/plugin-cells-common';

/**
 * See the cells' cluster details: API server URL, Kubernetes version and the raw errors of the
 * health checks (like the Kubernetes plugin's `kubernetes.clusters.read`). Without it
 * `GET /regions` and `GET /cells/:name` show each cell's name, region, reachability, capacity and
 * nodes only. The Cellport policy allows it to platform admins.
 *
 * @public
 */
export const cellsClustersReadPermission = createPermission({
  name: 'cells.clusters.read',
  attributes: { action: 'read' },
});

/** A cell as shown to who may not read cluster details: no API URL, version or raw error. */
export function withoutClusterDetails(cell: CellSummary): CellSummary {
  const { apiUrl: _apiUrl, ...rest } = cell;
  const { error: _error, version: _version, ...status } = cell.status;
  return { ...rest, status };
}
