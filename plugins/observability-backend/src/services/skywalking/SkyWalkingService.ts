import { AuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SKYWALKING_SERVICE_ANNOTATION } from '@cellport/plugin-observability-common';
import { BASIC_TRACES, FIND_ENDPOINTS, SERVICE_TOPOLOGY, TRACE } from './queries';
import { durationOf, serviceIdOf, SkyWalkingClient } from './SkyWalkingClient';

/** Filters of a trace list. */
export interface TraceFilter {
  rangeSeconds: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  state: 'ALL' | 'SUCCESS' | 'ERROR';
  endpoint?: string;
  limit: number;
}

const NAME_OF_ID = (id: string) => Buffer.from(id.replace(/\.[01]$/, ''), 'base64').toString('utf8');

/**
 * An app's traces, topology and endpoint metrics from SkyWalking, through its GraphQL query
 * protocol only (so a real OAP answers the same). The app's service is named by the annotation
 * `cellport.io/skywalking-service` of its catalog Component, else the app's name.
 */
export class SkyWalkingService {
  constructor(
    private readonly client: SkyWalkingClient,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  /** The SkyWalking service name of an app. */
  async serviceOf(app: string): Promise<string> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'component', 'metadata.annotations.cellport.io/app': app } },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const named = items
      .map(e => e.metadata.annotations?.[SKYWALKING_SERVICE_ANNOTATION]?.trim())
      .find(Boolean);
    return named ?? app;
  }

  /** Callers and callees of the app's service, with call rate (per minute) and latency (ms) per edge. */
  async topology(app: string, rangeSeconds: number) {
    const service = await this.serviceOf(app);
    const duration = durationOf(rangeSeconds);
    const data = await this.client.query<{ getServiceTopology: { nodes: any[]; calls: any[] } | null }>(
      SERVICE_TOPOLOGY,
      { serviceId: serviceIdOf(service), duration },
    );
    const topo = data.getServiceTopology ?? { nodes: [], calls: [] };
    const calls = await Promise.all(
      topo.calls.map(async call => {
        const entity = {
          scope: 'ServiceRelation',
          serviceName: NAME_OF_ID(call.source),
          destServiceName: NAME_OF_ID(call.target),
          isNormal: true,
          destIsNormal: true,
        };
        const [cpm, respTimeMs] = await Promise.all([
          this.client.average('service_relation_server_cpm', entity, duration),
          this.client.average('service_relation_server_resp_time', entity, duration),
        ]);
        return {
          source: entity.serviceName,
          target: entity.destServiceName,
          cpm: cpm ?? null,
          respTimeMs: respTimeMs ?? null,
        };
      }),
    );
    return {
      service,
      nodes: topo.nodes.map(n => ({ name: n.name, isReal: n.isReal, self: n.name === service })),
      calls,
    };
  }

  /** The app's traces (one row per segment of its service), newest first. */
  async traces(app: string, filter: TraceFilter) {
    const service = await this.serviceOf(app);
    const sid = serviceIdOf(service);
    const data = await this.client.query<{ queryBasicTraces: { traces: any[] } | null }>(BASIC_TRACES, {
      condition: {
        serviceId: sid,
        ...(filter.endpoint ? { endpointId: `${sid}_${Buffer.from(filter.endpoint).toString('base64')}` } : {}),
        queryDuration: durationOf(filter.rangeSeconds),
        ...(filter.minDurationMs !== undefined ? { minTraceDuration: filter.minDurationMs } : {}),
        ...(filter.maxDurationMs !== undefined ? { maxTraceDuration: filter.maxDurationMs } : {}),
        traceState: filter.state,
        queryOrder: 'BY_START_TIME',
        paging: { pageNum: 1, pageSize: filter.limit },
      },
    });
    return {
      service,
      items: (data.queryBasicTraces?.traces ?? []).map(t => ({
        traceId: t.traceIds[0],
        segmentId: t.segmentId,
        endpoint: t.endpointNames[0] ?? '',
        durationMs: t.duration,
        start: new Date(Number(t.start)).toISOString(),
        isError: Boolean(t.isError),
      })),
    };
  }

  /** Every span of a trace the app's service took part in (NotFoundError otherwise). */
  async trace(app: string, traceId: string) {
    const service = await this.serviceOf(app);
    const data = await this.client.query<{ queryTrace: { spans: any[] } | null }>(TRACE, { traceId });
    const spans = data.queryTrace?.spans ?? [];
    if (!spans.some(s => s.serviceCode === service)) {
      throw new NotFoundError(`App '${app}' has no trace '${traceId}'`);
    }
    return { traceId, service, spans };
  }

  /** The service's endpoints with call rate, average and percentile response times and SLA. */
  async endpoints(app: string, rangeSeconds: number, limit = 50) {
    const service = await this.serviceOf(app);
    const duration = durationOf(rangeSeconds);
    const data = await this.client.query<{ findEndpoint: Array<{ id: string; name: string }> }>(FIND_ENDPOINTS, {
      serviceId: serviceIdOf(service),
      limit,
    });
    const items = await Promise.all(
      data.findEndpoint.map(async ep => {
        const entity = { scope: 'Endpoint', serviceName: service, endpointName: ep.name, isNormal: true };
        const [cpm, respTimeMs, sla, percentiles] = await Promise.all([
          this.client.average('endpoint_cpm', entity, duration),
          this.client.average('endpoint_resp_time', entity, duration),
          this.client.average('endpoint_sla', entity, duration),
          this.client.percentiles(entity, [50, 95, 99], duration),
        ]);
        return {
          name: ep.name,
          cpm: cpm ?? null,
          respTimeMs: respTimeMs ?? null,
          p50Ms: percentiles.p50 ?? null,
          p95Ms: percentiles.p95 ?? null,
          p99Ms: percentiles.p99 ?? null,
          slaPercent: sla === undefined ? null : sla / 100,
        };
      }),
    );
    return { service, items };
  }
}
