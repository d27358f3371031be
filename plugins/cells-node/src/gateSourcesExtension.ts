import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { GateSource } from './gates';

/**
 * What a backend module may add to the cells plugin's release engine.
 *
 * @public
 */
export interface CellsReleaseGateSourcesExtensionPoint {
  /**
   * Adds a metric gate source under `name` (the `source` of a metric gate, e.g. `skywalking`,
   * `slb`). A source named `prometheus` replaces the built-in one.
   */
  addGateSource(name: string, source: GateSource): void;
}

/**
 * Lets backend modules (observability: SkyWalking; slb: the load balancer's counters) add metric
 * gate sources to the cells plugin's releases.
 *
 * @example
 * ```ts
 * env.registerInit({
 *   deps: { gates: cellsReleaseGateSourcesExtensionPoint },
 *   async init({ gates }) {
 *     gates.addGateSource('skywalking', new SkyWalkingGateSource(...));
 *   },
 * });
 * ```
 *
 * @public
 */
export const cellsReleaseGateSourcesExtensionPoint =
  createExtensionPoint<CellsReleaseGateSourcesExtensionPoint>({
    id: 'cells.release-gate-sources',
  });
