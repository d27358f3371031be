/**
 * The service ref of {@link CellsScalingService} and its default: an HTTP client of the cells
 * plugin's `/scaling` routes, authenticated with the calling plugin's service token.
 */
import {
  AuthService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AppPlacement,
  CellReachability,
  CellsScalingService,
} from './scaling';
import { callCellsPlugin } from './cellsCall';

/**
 * Calls the cells plugin's `/scaling` routes (service principals only).
 *
 * @public
 */
export class HttpCellsScalingService implements CellsScalingService {
  private readonly deps: { discovery: DiscoveryService; auth: AuthService };

  constructor(
    discovery: DiscoveryService,
    auth: AuthService,
    private readonly timeoutMs = 30_000,
  ) {
    this.deps = { discovery, auth };
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return callCellsPlugin<T>(this.deps, {
      method,
      path: `/scaling${path}`,
      body,
      timeoutMs: this.timeoutMs,
    });
  }

  getPlacement(app: string): Promise<AppPlacement> {
    return this.call('GET', `/apps/${encodeURIComponent(app)}`);
  }

  async scale(request: {
    app: string;
    cell: string;
    version: string;
    replicas: number;
    reason: string;
  }): Promise<void> {
    const { app, cell, ...body } = request;
    await this.call(
      'PUT',
      `/apps/${encodeURIComponent(app)}/cells/${encodeURIComponent(cell)}`,
      body,
    );
  }

  async checkCells(region?: string): Promise<CellReachability[]> {
    const q = region ? `?region=${encodeURIComponent(region)}` : '';
    return (await this.call<{ items: CellReachability[] }>('GET', `/cells${q}`)).items;
  }
}

/**
 * The cells plugin's scaling on behalf of other backend plugins (default: {@link HttpCellsScalingService}).
 *
 * @public
 */
export const cellsScalingServiceRef = createServiceRef<CellsScalingService>({
  id: 'cellport.cells.scaling',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) => new HttpCellsScalingService(discovery, auth),
    }),
});
