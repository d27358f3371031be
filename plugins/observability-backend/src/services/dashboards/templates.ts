/**
 * Named PromQL templates of the dashboard panels and alert metrics. Every query is built here from
 * the app's own label matchers (`namespace` and `app`, both the app's name): users pick a template,
 * never send PromQL, so a query can only ever see the app's own series.
 */
import { AlertMetric, DashboardSplit, PanelId } from '@cellport/plugin-observability-common';

/** The `by (...)` labels of each split. */
export const SPLIT_LABELS: Readonly<Record<DashboardSplit, string[]>> = {
  cell: ['cell'],
  version: ['version'],
  cellVersion: ['cell', 'version'],
  pod: ['cell', 'pod', 'container'],
};

const APP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Escapes a PromQL double-quoted string value. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The label matchers that confine a query to one app: its namespace and its `app` label (both the
 * app's name, a DNS-1123 label). Throws on anything else, as a last line of defence.
 */
export function appMatchers(app: string, extra: string[] = []): string {
  if (!APP_NAME.test(app) || app.length > 63) {
    throw new TypeError(`not an app name: ${JSON.stringify(app)}`);
  }
  return [`namespace=${quote(app)}`, `app=${quote(app)}`, ...extra].join(',');
}

function by(labels: string[]): string {
  return labels.length ? ` by (${labels.join(', ')})` : '';
}

/**
 * The PromQL of one panel for an app, split by `labels`, with rates over `window` (e.g. `1m`).
 * The error ratio is 0 (not empty) for a series that has traffic and no 5xx yet.
 */
export function panelQuery(
  panel: PanelId,
  app: string,
  labels: string[],
  window: string,
): string {
  const m = appMatchers(app);
  const requests = `sum${by(labels)} (rate(http_requests_total{${m}}[${window}]))`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum${by([...labels, 'le'])} (rate(http_request_duration_seconds_bucket{${m}}[${window}])))`;
  switch (panel) {
    case 'requestRate':
      return requests;
    case 'errorRatio':
      return `(sum${by(labels)} (rate(http_requests_total{${appMatchers(app, [
        'code=~"5.."',
      ])}}[${window}])) or 0 * ${requests}) / ${requests}`;
    case 'latencyP50':
      return quantile(0.5);
    case 'latencyP95':
      return quantile(0.95);
    case 'latencyP99':
      return quantile(0.99);
    case 'cpu':
      return `sum${by(labels)} (rate(container_cpu_usage_seconds_total{${m}}[${window}]))`;
    case 'memory':
      return `sum${by(labels)} (container_memory_working_set_bytes{${m}})`;
    case 'networkIn':
      return `sum${by(labels)} (rate(container_network_receive_bytes_total{${m}}[${window}]))`;
    case 'networkOut':
      return `sum${by(labels)} (rate(container_network_transmit_bytes_total{${m}}[${window}]))`;
    case 'restarts':
      return `sum${by(labels)} (increase(kube_pod_container_status_restarts_total{${m}}[${window}]))`;
    default:
      throw new TypeError(`unknown panel ${panel as string}`);
  }
}

/** Whether Prometheus scrapes any pod of the app (`up` series of its pods). */
export function scrapedQuery(app: string): string {
  return `count(up{${appMatchers(app)}})`;
}

/**
 * The PromQL of an alert metric over the whole app (one alert per rule): error ratio and p99
 * latency over 1 minute, restarts over 5 minutes, CPU cores and memory bytes of the busiest
 * container.
 */
export function alertQuery(metric: AlertMetric, app: string): string {
  const m = appMatchers(app);
  switch (metric) {
    case 'errorRatio':
      return `(sum(rate(http_requests_total{${appMatchers(app, [
        'code=~"5.."',
      ])}}[1m])) or 0 * sum(rate(http_requests_total{${m}}[1m]))) / sum(rate(http_requests_total{${m}}[1m]))`;
    case 'latencyP99':
      return `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${m}}[1m])))`;
    case 'restarts':
      return `sum(increase(kube_pod_container_status_restarts_total{${m}}[5m]))`;
    case 'cpu':
      return `max(rate(container_cpu_usage_seconds_total{${m}}[1m]))`;
    case 'memory':
      return `max(container_memory_working_set_bytes{${m}})`;
    default:
      throw new TypeError(`unknown alert metric ${metric as string}`);
  }
}
