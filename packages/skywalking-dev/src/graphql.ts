/**
 * The GraphQL query protocol of the development server: the schema file `query-protocol.graphqls`
 * (the subset of apache/skywalking-query-protocol Cellport uses) executed by graphql-js over what
 * the server received.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLSchema } from 'graphql';
import { Buckets, EntityInput, execExpression } from './mqe';
import { endpointId, endpointOf, SegmentObject, serviceId, serviceNameOf } from './segments';
import { SegmentStore } from './store';

/** The protocol subset's SDL. */
export function querySchemaSource(): string {
  // eslint-disable-next-line no-restricted-syntax -- the schema file ships beside the sources
  return fs.readFileSync(path.join(__dirname, 'query-protocol.graphqls'), 'utf8');
}

/** The protocol subset as a graphql-js schema (what clients' queries are validated against). */
export function querySchema(): GraphQLSchema {
  return buildSchema(querySchemaSource());
}

type Duration = { start: string; end: string; step: 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND' };

/** Parses a protocol time (`yyyy-MM-dd HHmm` for MINUTE, ...; UTC) to epoch ms. */
export function parseTime(value: string, step: Duration['step']): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2})(\d{2})?(\d{2})?)?$/.exec(value.trim());
  if (!m) throw new Error(`time '${value}' does not match the ${step} format`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
}

/** The minute buckets of a duration. */
export function bucketsOf(duration: Duration): Buckets {
  const size = { SECOND: 1, MINUTE: 1, HOUR: 60, DAY: 1440 }[duration.step];
  const from = Math.floor(parseTime(duration.start, duration.step) / 60_000);
  const to = Math.floor(parseTime(duration.end, duration.step) / 60_000) + size - 1;
  if (to < from) throw new Error('duration end is before its start');
  if ((to - from) / size > 10_000) throw new Error('duration has too many points');
  return { from, to, size };
}

function entrySpan(s: SegmentObject) {
  return s.spans.find(sp => sp.spanType === 'Entry') ?? s.spans[0];
}

/** The root resolvers of the Query type. */
export function createRoot(store: SegmentStore) {
  const topology = (duration: Duration, around?: string) => {
    const { from, to } = bucketsOf(duration);
    let relations = store.relations(from, to);
    if (around) relations = relations.filter(r => r.source === around || r.target === around);
    const names = new Set<string>(around ? [around] : store.services);
    for (const r of relations) {
      names.add(r.source);
      names.add(r.target);
    }
    return {
      nodes: [...names].sort().map(name => ({ id: serviceId(name), name, type: 'http', isReal: true })),
      calls: relations.map(r => ({
        id: `${serviceId(r.source)}-${serviceId(r.target)}`,
        source: serviceId(r.source),
        target: serviceId(r.target),
        sourceComponents: ['http'],
        targetComponents: ['http'],
        detectPoints: ['SERVER'],
      })),
    };
  };
  return {
    version: () => 'cellport-skywalking-dev',
    checkHealth: () => ({ score: 0, details: `${store.segments.length} segments` }),
    listServices: () =>
      [...store.services].sort().map(name => ({ id: serviceId(name), name, group: '', shortName: name, layers: ['GENERAL'] })),
    listInstances: ({ serviceId: id, duration }: { serviceId: string; duration: Duration }) => {
      const service = serviceNameOf(id) ?? '';
      const { from, to } = bucketsOf(duration);
      return [...(store.instances.get(service) ?? [])]
        .filter(name => {
          const minutes = store.instanceStats.get(`${service}\u0000${name}`);
          return [...(minutes?.keys() ?? [])].some(m => m >= from && m <= to);
        })
        .sort()
        .map(name => ({
          id: `${id}_${Buffer.from(name).toString('base64')}`,
          name,
          attributes: [],
          language: 'NODEJS',
          instanceUUID: name,
          layer: 'GENERAL',
        }));
    },
    findService: ({ serviceId: id }: { serviceId: string }) => {
      const name = serviceNameOf(id);
      return name && store.services.has(name)
        ? { id, name, group: '', shortName: name, layers: ['GENERAL'] }
        : null;
    },
    findEndpoint: (args: { keyword?: string; serviceId: string; limit: number }) => {
      const service = serviceNameOf(args.serviceId) ?? '';
      return [...(store.endpoints.get(service) ?? [])]
        .filter(e => !args.keyword || e.includes(args.keyword))
        .sort()
        .slice(0, args.limit)
        .map(name => ({ id: endpointId(service, name), name }));
    },
    getGlobalTopology: ({ duration }: { duration: Duration }) => topology(duration),
    getServiceTopology: ({ serviceId: id, duration }: { serviceId: string; duration: Duration }) =>
      topology(duration, serviceNameOf(id)),
    queryBasicTraces: ({ condition }: { condition: any }) => {
      const service = condition.serviceId ? serviceNameOf(condition.serviceId) : undefined;
      const endpoint = condition.endpointId ? endpointOf(condition.endpointId) : undefined;
      const range = condition.queryDuration ? bucketsOf(condition.queryDuration) : undefined;
      const rows = store.segments
        .filter(s => !service || s.service === service)
        .filter(s => !condition.traceId || s.traceId === condition.traceId)
        .map(s => ({ s, entry: entrySpan(s) }))
        .filter(({ entry }) => !endpoint || entry.operationName === endpoint.endpoint)
        .filter(({ entry }) => !range || (entry.startTime >= range.from * 60_000 && entry.startTime < (range.to + 1) * 60_000))
        .map(({ s, entry }) => ({
          segmentId: s.traceSegmentId,
          endpointNames: [entry.operationName],
          duration: entry.endTime - entry.startTime,
          start: String(entry.startTime),
          isError: s.spans.some(sp => sp.isError),
          traceIds: [s.traceId],
        }))
        .filter(t => condition.minTraceDuration === null || condition.minTraceDuration === undefined || t.duration >= condition.minTraceDuration)
        .filter(t => condition.maxTraceDuration === null || condition.maxTraceDuration === undefined || t.duration <= condition.maxTraceDuration)
        .filter(t => condition.traceState === 'ALL' || (condition.traceState === 'ERROR') === t.isError);
      rows.sort((a, b) =>
        condition.queryOrder === 'BY_DURATION' ? b.duration - a.duration : Number(b.start) - Number(a.start),
      );
      const size = condition.paging.pageSize;
      const page = Math.max(1, condition.paging.pageNum ?? 1);
      return { traces: rows.slice((page - 1) * size, page * size) };
    },
    queryTrace: ({ traceId }: { traceId: string }) => ({
      spans: store.segments
        .filter(s => s.traceId === traceId)
        .flatMap(s =>
          s.spans.map(sp => ({
            traceId,
            segmentId: s.traceSegmentId,
            spanId: sp.spanId,
            parentSpanId: sp.parentSpanId,
            refs: (sp.refs ?? []).map(r => ({
              traceId: r.traceId,
              parentSegmentId: r.parentTraceSegmentId,
              parentSpanId: r.parentSpanId,
              type: r.refType === 'CrossThread' ? 'CROSS_THREAD' : 'CROSS_PROCESS',
            })),
            serviceCode: s.service,
            serviceInstanceName: s.serviceInstance,
            startTime: sp.startTime,
            endTime: sp.endTime,
            endpointName: sp.operationName,
            type: sp.spanType,
            peer: sp.peer ?? '',
            component: sp.spanLayer === 'Http' ? 'HttpClient' : 'Unknown',
            isError: Boolean(sp.isError),
            layer: sp.spanLayer ?? 'Unknown',
            tags: sp.tags ?? [],
          })),
        )
        .sort((a, b) => a.startTime - b.startTime),
    }),
    execExpression: (args: { expression: string; entity: EntityInput; duration: Duration }) =>
      execExpression(store, args.expression, args.entity, bucketsOf(args.duration)),
  };
}
