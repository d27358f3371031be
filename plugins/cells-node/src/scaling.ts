/**
 * Scaling an app's stable version per cell on behalf of another backend plugin (the slb plugin's
 * cell evacuation): where an app runs, how many more replicas each cell can take, and a scale
 * call that goes through the cells plugin (scale-down drains the pods out of the load balancers
 * first, like any scale-down of the cells plugin).
 */

/**
 * One cell of an app: its stable version and how that version runs there.
 *
 * @public
 */
export interface AppCellPlacement {
  cell: string;
  region: string;
  /** The version the cell serves (undefined: none yet). */
  stableVersion?: string;
  /** Replicas of the stable version in the app's spec for this cell (its normal size). */
  specReplicas: number;
  /** Replicas the Deployment asks for now (undefined when unknown: cell unreachable or not deployed). */
  desired?: number;
  /** Ready replicas now (undefined when unknown). */
  ready?: number;
  /** Whether the cell answered. */
  reachable: boolean;
  /**
   * How many more replicas of the stable version's size fit into the cell's free allocatable
   * CPU, memory and pods (allocatable minus what running pods request); undefined when unknown.
   */
  extraCapacity?: number;
  /** Set when the version autoscales (an HPA owns its replicas): min and max. */
  autoscaling?: { min: number; max: number };
  /** Why the cell could not be read, when it could not. */
  error?: string;
}

/**
 * Where an app runs.
 *
 * @public
 */
export interface AppPlacement {
  app: string;
  region: string;
  cells: AppCellPlacement[];
}

/**
 * A live reachability check of a cell.
 *
 * @public
 */
export interface CellReachability {
  cell: string;
  region: string;
  reachable: boolean;
}

/**
 * What another backend plugin may ask of the cells plugin to move replicas between cells. The
 * default implementation ({@link cellsScalingServiceRef}) calls the cells plugin's HTTP API with
 * the calling plugin's service token.
 *
 * @public
 */
export interface CellsScalingService {
  /** Where the app runs; NotFoundError for an unknown app. */
  getPlacement(app: string): Promise<AppPlacement>;
  /**
   * Scales the app's version in one cell to `replicas`. Fewer replicas than now leave the load
   * balancers first (the cells plugin's traffic hook) before they are deleted. Resolves once the
   * Deployment asks for `replicas` (not when they are Ready: poll {@link CellsScalingService.getPlacement}).
   */
  scale(request: {
    app: string;
    cell: string;
    version: string;
    replicas: number;
    /** Recorded in the cells plugin's log, e.g. `evacuation of dev-2`. */
    reason: string;
  }): Promise<void>;
  /** A live reachability check of every cell (of one region when given). */
  checkCells(region?: string): Promise<CellReachability[]>;
}
