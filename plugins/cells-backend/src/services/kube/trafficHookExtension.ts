import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { TrafficHook } from './types';

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
