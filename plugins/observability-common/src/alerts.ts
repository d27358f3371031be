import { z } from 'zod';

/**
 * The metrics an alert threshold may watch, each a named template over the whole app.
 *
 * @public
 */
export const ALERT_METRICS = [
  'errorRatio',
  'latencyP99',
  'restarts',
  'cpu',
  'memory',
] as const;

/**
 * An alert metric.
 *
 * @public
 */
export type AlertMetric = (typeof ALERT_METRICS)[number];

/**
 * Titles and units of the alert metrics, for display.
 *
 * @public
 */
export const ALERT_METRIC_INFO: Readonly<
  Record<AlertMetric, { title: string; unit: string }>
> = {
  errorRatio: { title: 'Error ratio (5xx share of requests)', unit: 'ratio 0..1' },
  latencyP99: { title: 'Latency p99', unit: 'seconds' },
  restarts: { title: 'Container restarts in the last 5 minutes', unit: 'count' },
  cpu: { title: 'CPU of the busiest container', unit: 'cores' },
  memory: { title: 'Memory (working set) of the busiest container', unit: 'bytes' },
};

const DURATION = /^([1-9][0-9]{0,4})(s|m|h)$/;

/**
 * Seconds of a duration such as `30s`, `5m` or `1h`; undefined when malformed.
 *
 * @public
 */
export function durationSeconds(value: string): number | undefined {
  const m = DURATION.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}

/**
 * Zod schema of an alert rule as sent by Owners and Masters (`POST` and `PUT`): a metric, a
 * threshold it must exceed for `for` (10s to 24h), a severity and an optional summary, which is a
 * Prometheus annotation template (`{{ $value }}` may be used; Prometheus' own checker validates it).
 *
 * @public
 */
export const alertRuleInputSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/,
      'name must be 1-40 lowercase letters, digits and dashes, starting and ending alphanumeric',
    ),
  metric: z.enum(ALERT_METRICS, {
    error: () => `metric must be one of ${ALERT_METRICS.join(', ')}`,
  }),
  threshold: z
    .number({ error: 'threshold must be a number' })
    .finite()
    .nonnegative('threshold must not be negative'),
  for: z.string().refine(v => {
    const s = durationSeconds(v);
    return s !== undefined && s >= 10 && s <= 86400;
  }, 'for must be a duration like 30s, 5m or 1h between 10s and 24h'),
  severity: z.enum(['warning', 'critical']).default('warning'),
  summary: z.string().max(500, 'summary may hold at most 500 characters').optional(),
});

/**
 * An alert rule request body.
 *
 * @public
 */
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;

/**
 * A stored alert rule of an app.
 *
 * @public
 */
export interface AlertRule extends AlertRuleInput {
  id: string;
  app: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Where the app's rules are in Prometheus: whether the rule file was written and Prometheus
 * reloaded, with the error when not (the rules are kept and loaded by the next sync).
 *
 * @public
 */
export interface AlertRulesStatus {
  loaded: boolean;
  message?: string;
}

/**
 * The answer of `GET /apps/{app}/alerts/rules`.
 *
 * @public
 */
export interface AlertRuleList {
  /** A page of the app's rules, ordered by name. */
  items: AlertRule[];
  /** Whether Prometheus has loaded every rule of the app (not only this page's). */
  status: AlertRulesStatus;
  /** Pass as `?cursor=` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * One firing or resolved alert received from Alertmanager.
 *
 * @public
 */
export interface AlertEvent {
  id: string;
  app: string;
  ruleId?: string;
  ruleName?: string;
  status: 'firing' | 'resolved';
  /** Alertmanager's fingerprint of the alert's labels. */
  fingerprint: string;
  startsAt: string;
  endsAt?: string;
  summary: string;
  labels: Record<string, string>;
  receivedAt: string;
  /** When the Owners and Masters were notified, if they were. */
  notifiedAt?: string;
}

/**
 * The answer of `GET /apps/{app}/alerts/history`.
 *
 * @public
 */
export interface AlertEventList {
  items: AlertEvent[];
}

/**
 * Labels the rendered Prometheus rules carry, so Alertmanager routes them to the portal and the
 * portal knows whose they are.
 *
 * @public
 */
export const ALERT_LABELS = {
  app: 'cellport_app',
  rule: 'cellport_rule',
  ruleName: 'cellport_rule_name',
} as const;

/**
 * The catalog annotation naming an app's SkyWalking service (default: the app name), on the
 * Component annotated `cellport.io/app`.
 *
 * @public
 */
export const SKYWALKING_SERVICE_ANNOTATION = 'cellport.io/skywalking-service';
