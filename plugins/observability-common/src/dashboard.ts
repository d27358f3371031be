import { z } from 'zod';
import { PANEL_IDS, PanelId, PanelUnit } from './panels';

/**
 * The time ranges a dashboard may show, with their length in seconds.
 *
 * @public
 */
export const DASHBOARD_RANGES = {
  '15m': 15 * 60,
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 24 * 3600,
  '7d': 7 * 24 * 3600,
} as const;

/**
 * A dashboard time range (15 minutes to 7 days).
 *
 * @public
 */
export type DashboardRange = keyof typeof DASHBOARD_RANGES;

/**
 * How the series of a dashboard are split: by cell, by version (canary against stable), by cell
 * and version, or per pod and container (drill-down).
 *
 * @public
 */
export const DASHBOARD_SPLITS = ['cell', 'version', 'cellVersion', 'pod'] as const;

/**
 * A dashboard split.
 *
 * @public
 */
export type DashboardSplit = (typeof DASHBOARD_SPLITS)[number];

/**
 * Zod schema of the dashboard query (`GET /apps/{app}/dashboard`): range, split, optional end time
 * (ISO 8601, default now) and an optional comma-separated panel list.
 *
 * @public
 */
export const dashboardQuerySchema = z.strictObject({
  range: z
    .enum(Object.keys(DASHBOARD_RANGES) as [DashboardRange, ...DashboardRange[]])
    .default('1h'),
  split: z.enum(DASHBOARD_SPLITS).default('cell'),
  end: z.iso.datetime({ offset: true }).optional(),
  panels: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...PANEL_IDS];
      const ids = value.split(',').map(v => v.trim());
      const unknown = ids.filter(id => !(PANEL_IDS as readonly string[]).includes(id));
      if (unknown.length) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown panel(s) ${unknown.join(', ')}; known: ${PANEL_IDS.join(', ')}`,
        });
        return z.NEVER;
      }
      return ids as PanelId[];
    }),
});

/**
 * A parsed dashboard query.
 *
 * @public
 */
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/**
 * Why a panel has no series.
 *
 * - `prometheus-down`: Prometheus could not be asked (the message says why).
 * - `not-scraped`: Prometheus scrapes no pod of the app (not deployed, or not discovered yet).
 * - `no-traffic`: pods are scraped but received no request in the range.
 * - `no-data`: scraped, yet the metric has no samples in the range.
 *
 * @public
 */
export type EmptyReason =
  | 'prometheus-down'
  | 'not-scraped'
  | 'no-traffic'
  | 'no-data';

/**
 * One series of a panel: its split labels and `[unix seconds, value]` points.
 *
 * @public
 */
export interface DashboardSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/**
 * One panel of a dashboard answer.
 *
 * @public
 */
export interface DashboardPanel {
  id: PanelId;
  title: string;
  unit: PanelUnit;
  series: DashboardSeries[];
  /** Set when `series` is empty. */
  empty?: { reason: EmptyReason; message: string };
}

/**
 * The answer of `GET /apps/{app}/dashboard`.
 *
 * @public
 */
export interface Dashboard {
  app: string;
  range: DashboardRange;
  split: DashboardSplit;
  /** Unix seconds. */
  start: number;
  /** Unix seconds. */
  end: number;
  /** Seconds between points. */
  step: number;
  panels: DashboardPanel[];
  /** When the answer was computed (ISO 8601); older than the request when served from cache. */
  generatedAt: string;
}
