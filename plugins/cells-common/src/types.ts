/**
 * A cell: one Kubernetes cluster of a region, as the portal shows it.
 *
 * @public
 */
export interface CellSummary {
  /** Unique cell name, e.g. `dev-1`. */
  name: string;
  /** The region the cell belongs to, e.g. `dev`. */
  region: string;
  /** The API server URL; only for who may read cluster details (`cells.clusters.read`). */
  apiUrl?: string;
  /** True for a simulated cell (development and tests), never for a real cluster. */
  simulated: boolean;
  /** The latest health check of the cell. */
  status: CellStatus;
}

/**
 * Reachability, version, capacity and usage of a cell at its last check.
 *
 * @public
 */
export interface CellStatus {
  /** False until the first check has finished. */
  checked: boolean;
  reachable: boolean;
  /** ISO time of the last check. */
  checkedAt?: string;
  /** The Kubernetes version the API server reports, e.g. `v1.30.0`. */
  version?: string;
  /**
   * Why the cell is unreachable or partly unreadable, as the client said it; only for who may read
   * cluster details (`cells.clusters.read`).
   */
  error?: string;
  /** Sum of the nodes' allocatable resources. */
  capacity?: CellResources;
  /** Sum of the requests of the pods that run (not Succeeded or Failed). */
  usage?: CellResources;
  /** The cell's nodes, by name. */
  nodes?: NodeSummary[];
}

/**
 * One node of a cell: what it allocates to pods and what the pods bound to it request.
 *
 * @public
 */
export interface NodeSummary {
  name: string;
  /** The node's Ready condition is True. */
  ready: boolean;
  /** False when the node is cordoned (`spec.unschedulable`). */
  schedulable: boolean;
  allocatable: CellResources;
  usage: CellResources;
}

/**
 * CPU in millicores, memory in bytes, and a pod count.
 *
 * @public
 */
export interface CellResources {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/**
 * A region and its cells.
 *
 * @public
 */
export interface RegionSummary {
  name: string;
  cells: CellSummary[];
}
