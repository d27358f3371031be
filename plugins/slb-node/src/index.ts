/**
 * Cellport load balancing for other backend modules: the LB group supplier adopters may replace,
 * and the drain contract the cells backend calls before pods leave.
 *
 * @packageDocumentation
 */
import { SlbGroup } from '@cellport/plugin-slb-common';

/**
 * Supplies the LB groups (default: `cellport.slb.groups` in app-config). Adopters with an
 * inventory of their Nginx clusters implement it.
 *
 * @public
 */
export interface SlbGroupSupplier {
  /** Every configured LB group. */
  getGroups(): Promise<SlbGroup[]>;
}

/**
 * Takes pods out of every upstream of the region's LB groups and waits until every live agent
 * of those groups has applied the removal. Structurally the cells backend's `TrafficHook`.
 *
 * @public
 */
export interface SlbDrainer {
  /**
   * Resolves once no Nginx host of the cell's region sends traffic to these pod IPs; rejects
   * with the reason (which host lags, at which revision) when that takes longer than the bound.
   */
  drain(options: { cell: string; app: string; podIPs: string[] }): Promise<void>;
}

/**
 * One agent's convergence on a group revision.
 *
 * @public
 */
export interface SlbConvergence {
  group: string;
  host: string;
  /** The revision the agent applied. */
  revision: number;
  /** How many revisions it is behind the wanted one (0 when converged). */
  lag: number;
}
