/** The traffic hook: how load balancers take pods out of rotation before the cells plugin deletes them. */
import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * Called before pods leave a cell (scale-down, rollback, version removal) so that load balancers
 * take them out of rotation first; the slb plugin implements it. The default waits for Kubernetes'
 * own endpoints.
 *
 * @public
 */
export interface TrafficHook {
  /** Resolves once no load balancer sends traffic to these pod IPs any more. */
  drain(options: { cell: string; app: string; podIPs: string[] }): Promise<void>;
}

/**
 * Lets a backend module (the slb plugin's) take pods out of the load balancers before the cells
 * plugin deletes them.
 *
 * @public
 */
export interface CellsTrafficHookExtensionPoint {
  /** Sets the hook every scale-down, rollback and version removal drains through; one only. */
  setTrafficHook(hook: TrafficHook): void;
}

/**
 * The extension point of {@link CellsTrafficHookExtensionPoint}.
 *
 * @public
 */
export const cellsTrafficHookExtensionPoint =
  createExtensionPoint<CellsTrafficHookExtensionPoint>({
    id: 'cells.traffic-hook',
  });
