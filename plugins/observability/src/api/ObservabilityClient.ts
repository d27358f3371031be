/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.GET) */
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { DEFAULT_PAGE_LIMITS, fetchAllPages } from '@cellport/common';
import {
  createCellsApiClient,
  type CellsApiClient,
} from '@cellport/plugin-cells-common';
import {
  createObservabilityApiClient,
  type AlertEventList,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleList,
  type AlertRulesStatus,
  type Dashboard,
  type DashboardRange,
  type ObservabilityApiClient,
  type SkyWalkingEndpoint,
  type SkyWalkingSpan,
  type SkyWalkingTopology,
  type SkyWalkingTraceSummary,
} from '@cellport/plugin-observability-common';
import type {
  DashboardRequest,
  ObservabilityApi,
  TraceListRequest,
} from './ObservabilityApi';

/**
 * {@link ObservabilityApi} over HTTP through the clients generated from the observability and
 * cells backends' OpenAPI documents (`createObservabilityApiClient`, `createCellsApiClient`),
 * with the signed-in user's credentials; failed answers become `ResponseError`s whose message is
 * the server's own.
 *
 * @public
 */
export class ObservabilityClient implements ObservabilityApi {
  private readonly client: ObservabilityApiClient;
  private readonly cells: CellsApiClient;

  constructor(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = createObservabilityApiClient(deps);
    this.cells = createCellsApiClient(deps);
  }

  // The document describes the SkyWalking items as open objects; their fields are the
  // observability-common types the backend builds them from.

  async listApps(): Promise<string[]> {
    // every app the user sees, page after page (the cells API answers a page at a time)
    const apps = await fetchAllPages(async cursor => {
      const { data } = await this.cells.GET('/apps', {
        params: {
          query: {
            limit: String(DEFAULT_PAGE_LIMITS.maxLimit),
            ...(cursor ? { cursor } : {}),
          },
        },
      });
      return data!;
    });
    return apps.map(a => a.name);
  }

  async getDashboard(app: string, request: DashboardRequest): Promise<Dashboard> {
    const { data } = await this.client.GET('/apps/{app}/dashboard', {
      params: {
        path: { app },
        query: {
          range: request.range,
          split: request.split,
          ...(request.panels ? { panels: request.panels.join(',') } : {}),
        },
      },
    });
    return data as Dashboard;
  }

  /** Every rule of the app (page after page) with the status of the last page read. */
  async listAlertRules(app: string): Promise<AlertRuleList> {
    let status: AlertRuleList['status'] = { loaded: false };
    const items = await fetchAllPages(async cursor => {
      const { data } = await this.client.GET('/apps/{app}/alerts/rules', {
        params: {
          path: { app },
          query: {
            limit: String(DEFAULT_PAGE_LIMITS.maxLimit),
            ...(cursor ? { cursor } : {}),
          },
        },
      });
      const page = data as AlertRuleList;
      status = page.status;
      return page;
    });
    return { items, status };
  }

  async createAlertRule(
    app: string,
    rule: AlertRuleInput,
  ): Promise<{ rule: AlertRule; status: AlertRulesStatus }> {
    const { data } = await this.client.POST('/apps/{app}/alerts/rules', {
      params: { path: { app } },
      body: rule as any,
    });
    return data as { rule: AlertRule; status: AlertRulesStatus };
  }

  async updateAlertRule(
    app: string,
    id: string,
    rule: AlertRuleInput,
  ): Promise<{ rule: AlertRule; status: AlertRulesStatus }> {
    const { data } = await this.client.PUT('/apps/{app}/alerts/rules/{ruleId}', {
      params: { path: { app, ruleId: id } },
      body: rule as any,
    });
    return data as { rule: AlertRule; status: AlertRulesStatus };
  }

  async deleteAlertRule(
    app: string,
    id: string,
  ): Promise<{ status: AlertRulesStatus }> {
    const { data } = await this.client.DELETE('/apps/{app}/alerts/rules/{ruleId}', {
      params: { path: { app, ruleId: id } },
    });
    return data as { status: AlertRulesStatus };
  }

  async listAlertHistory(app: string): Promise<AlertEventList> {
    const { data } = await this.client.GET('/apps/{app}/alerts/history', {
      params: { path: { app } },
    });
    return data as AlertEventList;
  }

  async getTopology(app: string, range: DashboardRange): Promise<SkyWalkingTopology> {
    const { data } = await this.client.GET('/apps/{app}/skywalking/topology', {
      params: { path: { app }, query: { range } },
    });
    return data as SkyWalkingTopology;
  }

  async listTraces(
    app: string,
    request: TraceListRequest,
  ): Promise<{ items: SkyWalkingTraceSummary[] }> {
    const { data } = await this.client.GET('/apps/{app}/skywalking/traces', {
      params: {
        path: { app },
        query: {
          range: request.range,
          state: request.state,
          limit: '50',
          ...(request.minDurationMs !== undefined
            ? { minDuration: String(request.minDurationMs) }
            : {}),
          ...(request.endpoint ? { endpoint: request.endpoint } : {}),
        },
      },
    });
    return data as unknown as { items: SkyWalkingTraceSummary[] };
  }

  async getTrace(app: string, traceId: string): Promise<{ spans: SkyWalkingSpan[] }> {
    const { data } = await this.client.GET('/apps/{app}/skywalking/traces/{traceId}', {
      params: { path: { app, traceId } },
    });
    return data as unknown as { spans: SkyWalkingSpan[] };
  }

  async listEndpoints(
    app: string,
    range: DashboardRange,
  ): Promise<{ items: SkyWalkingEndpoint[] }> {
    const { data } = await this.client.GET('/apps/{app}/skywalking/endpoints', {
      params: { path: { app }, query: { range } },
    });
    return data as unknown as { items: SkyWalkingEndpoint[] };
  }
}
