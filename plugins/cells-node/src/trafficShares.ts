/**
 * The traffic shares of running releases, for load balancers: which new version of which app
 * gets what percent of the app's traffic right now, and the service other backend plugins read
 * them through (over the cells plugin's HTTP API, so it works from any plugin and any replica).
 */
import {
  AuthService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { callCellsPlugin } from './cellsCall';

/**
 * The share of an app's traffic its live release gives the new version: set by the current
 * step's `trafficPercent`, 0 while the release rolls back. Apps without a share send traffic by
 * replicas.
 *
 * @public
 */
export interface TrafficShare {
  app: string;
  releaseId: string;
  /** The release's new version. */
  version: string;
  /** Percent of the app's traffic for `version` (0–100); the rest goes to the other versions. */
  percent: number;
}

/**
 * Reads the traffic shares of the live releases.
 *
 * @public
 */
export interface CellsTrafficShares {
  /** The shares of every app whose live release sets one. */
  listShares(): Promise<TrafficShare[]>;
}

/**
 * Reads the shares from the cells backend (`GET /traffic-shares` of the `cells` plugin) with the
 * calling plugin's service credentials.
 *
 * @public
 */
export class HttpCellsTrafficShares implements CellsTrafficShares {
  private readonly deps: { discovery: DiscoveryService; auth: AuthService };

  constructor(
    discovery: DiscoveryService,
    auth: AuthService,
    private readonly timeoutMs = 5000,
  ) {
    this.deps = { discovery, auth };
  }

  async listShares(): Promise<TrafficShare[]> {
    const body = await callCellsPlugin<{ items: TrafficShare[] }>(this.deps, {
      method: 'GET',
      path: '/traffic-shares',
      timeoutMs: this.timeoutMs,
    });
    return body.items;
  }
}

/**
 * The traffic shares of running releases (plugin scoped). Default: {@link HttpCellsTrafficShares}.
 * The slb backend weighs upstream servers with them.
 *
 * @public
 */
export const cellsTrafficSharesServiceRef = createServiceRef<CellsTrafficShares>({
  id: 'cells.traffic-shares',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        new HttpCellsTrafficShares(discovery, auth),
    }),
});
