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
import { ResponseError } from '@backstage/errors';
import {
  AppPlacement,
  CellReachability,
  CellsScalingService,
} from './scaling';

/**
 * Calls the cells plugin's `/scaling` routes (service principals only).
 *
 * @public
 */
export class HttpCellsScalingService implements CellsScalingService {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly timeoutMs = 30_000,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('cells');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'cells',
    });
    const res = await fetch(`${baseUrl}/scaling${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (res.status === 204 ? undefined : await res.json()) as T;
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
