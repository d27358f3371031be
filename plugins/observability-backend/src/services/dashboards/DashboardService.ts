import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Dashboard,
  DASHBOARD_RANGES,
  DashboardPanel,
  DashboardQuery,
  PanelId,
  PANELS,
} from '@cellport/plugin-observability-common';
import { PrometheusClient, PrometheusUnavailableError } from './PrometheusClient';
import { panelQuery, scrapedQuery, SPLIT_LABELS } from './templates';

/** At most this many points per series: the step grows with the range. */
export const MAX_POINTS = 240;
/** The smallest step (the scrape interval of the cells' jobs). */
export const MIN_STEP_SECONDS = 5;

/** Options of {@link DashboardService.create}. */
export interface DashboardServiceOptions {
  prometheus: PrometheusClient;
  cache: CacheService;
  logger: LoggerService;
  /** How long an answer is reused; default 10 s. */
  cacheSeconds?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * The step, window and aligned bounds of a range: at most {@link MAX_POINTS} points, steps of 5 s
 * multiples, the end aligned to the step (so answers within one step are the same and cacheable),
 * rates over at least a minute.
 */
export function rangeBounds(range: DashboardQuery['range'], endMs: number) {
  const seconds = DASHBOARD_RANGES[range];
  const step =
    Math.max(
      MIN_STEP_SECONDS,
      Math.ceil(seconds / MAX_POINTS / MIN_STEP_SECONDS) * MIN_STEP_SECONDS,
    );
  const end = Math.floor(endMs / 1000 / step) * step;
  return { start: end - seconds, end, step, window: `${Math.max(60, 2 * step)}s` };
}

/**
 * Per-app dashboards from Prometheus: every panel of {@link PANELS} as a range query built from a
 * named template with the app's matchers, split by cell, version or pod; empty panels say why;
 * answers are cached briefly (Backstage's cache service).
 */
export class DashboardService {
  static create(options: DashboardServiceOptions): DashboardService {
    return new DashboardService(options);
  }

  private constructor(private readonly options: DashboardServiceOptions) {}

  /** The dashboard of `app` (the caller has been authorized already). */
  async getDashboard(app: string, query: DashboardQuery): Promise<Dashboard> {
    const now = this.options.now?.() ?? Date.now();
    const endMs = query.end ? Math.min(Date.parse(query.end), now) : now;
    const bounds = rangeBounds(query.range, endMs);
    const key = `dashboard:${app}:${query.range}:${query.split}:${bounds.end}:${query.panels.join(',')}`;
    const cached = (await this.options.cache.get(key)) as Dashboard | undefined;
    if (cached) {
      return cached;
    }
    const dashboard = await this.compute(app, query, bounds);
    if (!dashboard.panels.some(p => p.empty?.reason === 'prometheus-down')) {
      await this.options.cache.set(key, dashboard as any, {
        ttl: { seconds: this.options.cacheSeconds ?? 10 },
      });
    }
    return dashboard;
  }

  private async compute(
    app: string,
    query: DashboardQuery,
    bounds: ReturnType<typeof rangeBounds>,
  ): Promise<Dashboard> {
    const { prometheus, logger } = this.options;
    const labels = SPLIT_LABELS[query.split];
    const results = await Promise.allSettled(
      query.panels.map(id =>
        prometheus.queryRange(
          panelQuery(id, app, labels, bounds.window),
          bounds.start,
          bounds.end,
          bounds.step,
        ),
      ),
    );
    const panels: DashboardPanel[] = query.panels.map((id, i) => {
      const result = results[i];
      const base = { id, title: PANELS[id].title, unit: PANELS[id].unit };
      if (result.status === 'rejected') {
        const message =
          result.reason instanceof PrometheusUnavailableError
            ? result.reason.message
            : String(result.reason);
        return { ...base, series: [], empty: { reason: 'prometheus-down', message } };
      }
      return {
        ...base,
        series: result.value
          .map(s => ({
            labels: Object.fromEntries(labels.map(l => [l, s.metric[l] ?? ''])),
            points: s.values
              .map(([t, v]) => [Number(t), Number(v)] as [number, number])
              .filter(([, v]) => Number.isFinite(v)),
          }))
          .filter(s => s.points.length > 0)
          .sort((a, b) =>
            JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
          ),
      };
    });
    const empty = panels.filter(p => !p.empty && p.series.length === 0);
    if (empty.length) {
      let scraped: number | undefined;
      try {
        scraped = await prometheus.queryValue(scrapedQuery(app), bounds.end);
      } catch (e) {
        logger.warn('Could not ask Prometheus whether the app is scraped', {
          app,
          error: String(e),
        });
      }
      for (const p of empty) {
        p.empty = emptyReason(p.id, scraped);
      }
    }
    return {
      app,
      range: query.range,
      split: query.split,
      start: bounds.start,
      end: bounds.end,
      step: bounds.step,
      panels,
      generatedAt: new Date().toISOString(),
    };
  }
}

function emptyReason(id: PanelId, scraped: number | undefined): DashboardPanel['empty'] {
  if (!scraped) {
    return {
      reason: 'not-scraped',
      message:
        'Prometheus scrapes no pod of this app: it runs no version yet, or its pods have not been discovered',
    };
  }
  if (PANELS[id].needsTraffic) {
    return {
      reason: 'no-traffic',
      message: 'The app received no requests in this time range',
    };
  }
  return {
    reason: 'no-data',
    message: 'The pods are scraped but do not report this metric in this time range',
  };
}
