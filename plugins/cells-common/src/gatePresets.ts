import type { MetricGate } from './releases';

/**
 * The PromQL of the "error ratio < 1%" preset: the new version's share of 5xx answers in the
 * step's cell. A version that answered no 5xx yet has no 5xx series at all, so the numerator
 * falls back to `vector(0)`: a healthy version measures 0, not "no data". Without any traffic the
 * denominator is empty and the measurement stays inconclusive, as it should.
 *
 * @public
 */
export const ERROR_RATIO_QUERY =
  '(sum(rate(http_requests_total{app="{{app}}",version="{{version}}",cell="{{cell}}",code=~"5.."}[30s])) or vector(0)) / sum(rate(http_requests_total{app="{{app}}",version="{{version}}",cell="{{cell}}"}[30s]))';

/**
 * The PromQL of the "p99 latency < 300 ms" preset, in milliseconds (no data without traffic).
 *
 * @public
 */
export const P99_LATENCY_QUERY =
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{app="{{app}}",version="{{version}}",cell="{{cell}}"}[30s]))) * 1000';

/**
 * The "error ratio < 1%" gate: measured every 10 s; one failed measurement is tolerated, more
 * than three without data (the first ones, while Prometheus discovers and scrapes the new pods)
 * pause the release.
 *
 * @public
 */
export const ERROR_RATIO_GATE: MetricGate = {
  name: 'error ratio',
  source: 'prometheus',
  query: ERROR_RATIO_QUERY,
  op: '<',
  threshold: 0.01,
  intervalSeconds: 10,
  failureLimit: 1,
  inconclusiveLimit: 3,
};

/**
 * The "p99 latency < 300 ms" gate.
 *
 * @public
 */
export const P99_LATENCY_GATE: MetricGate = {
  name: 'p99 latency ms',
  source: 'prometheus',
  query: P99_LATENCY_QUERY,
  op: '<',
  threshold: 300,
  intervalSeconds: 10,
  failureLimit: 1,
  inconclusiveLimit: 3,
};

/**
 * Metric gate presets offered when planning a release (Prometheus queries over the metrics an
 * instrumented app and the simulated cells export).
 *
 * @public
 */
export const METRIC_GATE_PRESETS: ReadonlyArray<{
  label: string;
  gate: MetricGate;
}> = [
  { label: 'Error ratio < 1%', gate: ERROR_RATIO_GATE },
  { label: 'p99 latency < 300 ms', gate: P99_LATENCY_GATE },
];
