import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { DashboardRequest, ObservabilityApi, TraceListRequest } from './ObservabilityApi';

const enc = encodeURIComponent;

/**
 * {@link ObservabilityApi} over HTTP with the signed-in user's credentials; failed answers become
 * `ResponseError`s whose message is the server's own.
 *
 * @public
 */
export class ObservabilityClient implements ObservabilityApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    plugin: string,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl(plugin);
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      headers:
        init?.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) {
      const error = await ResponseError.fromResponse(res);
      if (error.cause?.message) error.message = error.cause.message;
      throw error;
    }
    return (await res.json()) as T;
  }

  async listApps() {
    const body = await this.call<{ items: Array<{ name: string }> }>('cells', '/apps');
    return body.items.map(a => a.name);
  }

  getDashboard(app: string, request: DashboardRequest) {
    const query = new URLSearchParams({ range: request.range, split: request.split });
    if (request.panels) query.set('panels', request.panels.join(','));
    return this.call<any>('observability', `/apps/${enc(app)}/dashboard?${query}`);
  }

  listAlertRules(app: string) {
    return this.call<any>('observability', `/apps/${enc(app)}/alerts/rules`);
  }

  createAlertRule(app: string, rule: unknown) {
    return this.call<any>('observability', `/apps/${enc(app)}/alerts/rules`, {
      method: 'POST',
      body: rule,
    });
  }

  updateAlertRule(app: string, id: string, rule: unknown) {
    return this.call<any>('observability', `/apps/${enc(app)}/alerts/rules/${enc(id)}`, {
      method: 'PUT',
      body: rule,
    });
  }

  deleteAlertRule(app: string, id: string) {
    return this.call<any>('observability', `/apps/${enc(app)}/alerts/rules/${enc(id)}`, {
      method: 'DELETE',
    });
  }

  listAlertHistory(app: string) {
    return this.call<any>('observability', `/apps/${enc(app)}/alerts/history`);
  }

  getTopology(app: string, range: string) {
    return this.call<any>('observability', `/apps/${enc(app)}/skywalking/topology?range=${range}`);
  }

  listTraces(app: string, request: TraceListRequest) {
    const query = new URLSearchParams({ range: request.range, state: request.state, limit: '50' });
    if (request.minDurationMs !== undefined) query.set('minDuration', String(request.minDurationMs));
    if (request.endpoint) query.set('endpoint', request.endpoint);
    return this.call<any>('observability', `/apps/${enc(app)}/skywalking/traces?${query}`);
  }

  getTrace(app: string, traceId: string) {
    return this.call<any>('observability', `/apps/${enc(app)}/skywalking/traces/${enc(traceId)}`);
  }

  listEndpoints(app: string, range: string) {
    return this.call<any>('observability', `/apps/${enc(app)}/skywalking/endpoints?range=${range}`);
  }
}
