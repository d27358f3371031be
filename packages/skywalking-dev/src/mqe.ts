/**
 * The subset of MQE (SkyWalking's Metrics Query Expression) the development server evaluates, over
 * the per-minute aggregates of received segments: `service_cpm`, `service_resp_time`,
 * `service_sla`, `service_instance_cpm`, `service_instance_resp_time`, `service_instance_sla`, `endpoint_cpm`, `endpoint_resp_time`, `endpoint_sla`,
 * `endpoint_percentile{p='50,90,99'}`, `service_relation_server_cpm`,
 * `service_relation_server_resp_time`, each optionally wrapped in `avg(...)`. Units as OAP's:
 * cpm in calls per minute, response time in ms, SLA in 1/100 % (10000 = 100 %).
 */
import { MinuteStats, SegmentStore } from './store';

/** A parsed query duration: minute buckets [from, to] (minute numbers since the epoch) of `size` minutes. */
export interface Buckets {
  from: number;
  to: number;
  size: number;
}

type Value = { id: string | null; value: string | null };
type Result = {
  type: 'UNKNOWN' | 'SINGLE_VALUE' | 'TIME_SERIES_VALUES';
  results: Array<{ metric: { name: string; labels: Array<{ key: string; value: string }> } | null; values: Value[] }>;
  error?: string;
};

/** The Entity input of the protocol. */
export interface EntityInput {
  scope: string;
  serviceName?: string | null;
  serviceInstanceName?: string | null;
  endpointName?: string | null;
  destServiceName?: string | null;
}

const EXPRESSION = /^\s*(?:(avg)\(\s*)?([a-z_]+)(?:\{p='([0-9,]+)'\})?\s*\)?\s*$/;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function merge(minutes: Map<number, MinuteStats> | undefined, from: number, to: number): MinuteStats | undefined {
  let out: MinuteStats | undefined;
  for (let m = from; m <= to; m++) {
    const s = minutes?.get(m);
    if (!s) continue;
    out ??= { calls: 0, errors: 0, latencySum: 0, latencies: [] };
    out.calls += s.calls;
    out.errors += s.errors;
    out.latencySum += s.latencySum;
    out.latencies.push(...s.latencies);
  }
  return out;
}

/** Evaluates an expression for an entity over the buckets, answering like OAP (errors as UNKNOWN). */
export function execExpression(
  store: SegmentStore,
  expression: string,
  entity: EntityInput,
  buckets: Buckets,
): Result {
  const unknown = (error: string): Result => ({ type: 'UNKNOWN', results: [], error });
  const m = EXPRESSION.exec(expression);
  if (!m) return unknown(`unsupported expression: ${expression}`);
  const [, aggregate, metric, percentiles] = m;
  let minutes: Map<number, MinuteStats> | undefined;
  if (metric.startsWith('service_relation_')) {
    if (!entity.serviceName || !entity.destServiceName) return unknown(`${metric} needs serviceName and destServiceName`);
    minutes = store.relationStats.get(`${entity.serviceName}\u0000${entity.destServiceName}`);
  } else if (metric.startsWith('service_instance_')) {
    if (!entity.serviceName || !entity.serviceInstanceName) return unknown(`${metric} needs serviceName and serviceInstanceName`);
    minutes = store.instanceStats.get(`${entity.serviceName}\u0000${entity.serviceInstanceName}`);
  } else if (metric.startsWith('endpoint_')) {
    if (!entity.serviceName || !entity.endpointName) return unknown(`${metric} needs serviceName and endpointName`);
    minutes = store.endpointStats.get(`${entity.serviceName}\u0000${entity.endpointName}`);
  } else if (metric.startsWith('service_')) {
    if (!entity.serviceName) return unknown(`${metric} needs serviceName`);
    minutes = store.serviceStats.get(entity.serviceName);
  } else {
    return unknown(`unknown metric: ${metric}`);
  }
  const kind = metric.replace(/^(service_relation_server|service_instance|service|endpoint)_/, '');
  const ps = percentiles?.split(',').map(Number);
  if ((kind === 'percentile') !== Boolean(ps)) {
    return unknown(kind === 'percentile' ? `${metric} needs {p='50,99'}` : `${metric} takes no labels`);
  }
  const value = (s: MinuteStats | undefined, p?: number): number | null => {
    if (!s || s.calls === 0) return null;
    switch (kind) {
      case 'cpm':
        return s.calls / buckets.size;
      case 'resp_time':
        return s.latencySum / s.calls;
      case 'sla':
        return ((s.calls - s.errors) / s.calls) * 10000;
      case 'percentile':
        return pct([...s.latencies].sort((a, b) => a - b), p!);
      default:
        return null;
    }
  };
  if (!['cpm', 'resp_time', 'sla', 'percentile'].includes(kind)) return unknown(`unknown metric: ${metric}`);
  const labelsList = ps ? ps.map(p => [{ key: 'p', value: String(p) }]) : [[]];
  const series = labelsList.map(labels => {
    const p = labels[0] ? Number(labels[0].value) : undefined;
    const values: Value[] = [];
    for (let b = buckets.from; b <= buckets.to; b += buckets.size) {
      const v = value(merge(minutes, b, b + buckets.size - 1), p);
      values.push({ id: String(b * 60_000), value: v === null ? null : String(Math.round(v)) });
    }
    return { metric: { name: metric, labels }, values };
  });
  if (aggregate) {
    return {
      type: 'SINGLE_VALUE',
      results: series.map(s => {
        const present = s.values.filter(v => v.value !== null).map(v => Number(v.value));
        return {
          metric: s.metric,
          values: [{ id: null, value: present.length ? String(Math.round(present.reduce((a, b) => a + b, 0) / present.length)) : null }],
        };
      }),
    };
  }
  return { type: 'TIME_SERIES_VALUES', results: series };
}
