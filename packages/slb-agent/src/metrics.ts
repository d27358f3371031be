/**
 * The agent's Prometheus metrics: its own (reloads, applied revision, upstream updates, errors)
 * through prom-client, and Nginx's per domain and upstream server counters read from the Lua
 * stats dict at scrape time.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { LuaStat } from './AdminClient';

/** The agent's own metrics. */
export class AgentMetrics {
  readonly registry = new Registry();
  readonly reloads = new Counter({
    name: 'cellport_slb_reloads_total',
    help: 'Nginx reloads by the agent (structural changes only)',
    registers: [this.registry],
  });
  readonly configTests = new Counter({
    name: 'cellport_slb_config_tests_total',
    help: 'nginx -t runs of candidate configurations, by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly upstreamUpdates = new Counter({
    name: 'cellport_slb_upstream_updates_total',
    help: 'Upstream server set updates sent to the Lua balancer (no reload)',
    registers: [this.registry],
  });
  readonly appliedRevision = new Gauge({
    name: 'cellport_slb_applied_revision',
    help: 'The LB group revision (etcd) the host has applied',
    registers: [this.registry],
  });
  readonly domainErrors = new Gauge({
    name: 'cellport_slb_domain_errors',
    help: 'Domains whose latest configuration was refused (they keep the last good one)',
    registers: [this.registry],
  });
  readonly etcdSynced = new Gauge({
    name: 'cellport_slb_etcd_synced',
    help: '1 when the agent follows etcd, 0 while it serves the last configuration without it',
    registers: [this.registry],
  });

  constructor(defaultLabels: Record<string, string>) {
    this.registry.setDefaultLabels(defaultLabels);
  }
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;
}

/**
 * The exposition text of the Lua counters: `cellport_slb_requests_total{domain,server,class}`
 * and the histogram `cellport_slb_request_duration_seconds{domain,server}`.
 */
export function luaStatsExposition(
  stats: LuaStat[],
  bucketBounds: number[],
  defaults: Record<string, string>,
): string {
  const requests: string[] = [];
  const perSeries = new Map<string, { buckets: Map<string, number>; sum: number }>();
  const series = (base: string) => {
    let s = perSeries.get(base);
    if (!s) perSeries.set(base, (s = { buckets: new Map(), sum: 0 }));
    return s;
  };
  for (const { key, value } of stats) {
    const parts = key.split('|');
    if (parts[0] === 'r' && parts.length === 4) {
      requests.push(
        `cellport_slb_requests_total${labels({ ...defaults, domain: parts[1], server: parts[2], class: parts[3] })} ${value}`,
      );
    } else if (parts[0] === 'h' && parts.length === 4) {
      series(`${parts[1]}|${parts[2]}`).buckets.set(parts[3], value);
    } else if (parts[0] === 's' && parts.length === 3) {
      series(`${parts[1]}|${parts[2]}`).sum = value;
    }
  }
  const histogram: string[] = [];
  for (const [base, s] of [...perSeries.entries()].sort()) {
    const [domain, server] = base.split('|');
    let cumulative = 0;
    for (const le of [...bucketBounds.map(String), '+Inf']) {
      cumulative += s.buckets.get(le) ?? 0;
      histogram.push(
        `cellport_slb_request_duration_seconds_bucket${labels({ ...defaults, domain, server, le })} ${cumulative}`,
      );
    }
    histogram.push(
      `cellport_slb_request_duration_seconds_sum${labels({ ...defaults, domain, server })} ${s.sum}`,
      `cellport_slb_request_duration_seconds_count${labels({ ...defaults, domain, server })} ${cumulative}`,
    );
  }
  return [
    '# HELP cellport_slb_requests_total Requests through Nginx per domain and upstream server, by status class',
    '# TYPE cellport_slb_requests_total counter',
    ...requests.sort(),
    '# HELP cellport_slb_request_duration_seconds Request time through Nginx per domain and upstream server',
    '# TYPE cellport_slb_request_duration_seconds histogram',
    ...histogram,
    '',
  ].join('\n');
}

/** The bucket bounds of cellport/stats.lua. */
export const LUA_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
