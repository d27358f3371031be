import { Config } from '@backstage/config';
import { GateQuery, GateSource, GateValue } from './GateSource';
import { DEFAULT_PROMQL_LIMITS, PromqlLimits, scopePromql } from './promqlScope';

/**
 * Options of {@link PrometheusGateSource}.
 *
 * @public
 */
export interface PrometheusGateSourceOptions {
  /** The Prometheus base URL, e.g. `http://127.0.0.1:9090` (the HTTP API is under `/api/v1`). */
  baseUrl?: string;
  /** Per region base URLs, overriding `baseUrl`. */
  regionUrls?: Record<string, string>;
  /** How long one query may take. Default 10 s. */
  timeoutMs?: number;
  /** The fetch implementation (tests). */
  fetch?: typeof fetch;
  /** Bounds of a query's cost; default {@link DEFAULT_PROMQL_LIMITS}. */
  limits?: PromqlLimits;
}

type PrometheusResponse = {
  status?: string;
  error?: string;
  errorType?: string;
  data?: {
    resultType?: string;
    result?: unknown;
  };
};

/**
 * A gate source asking Prometheus for an instant value: `GET <baseUrl>/api/v1/query?query=`. A
 * vector answers its first sample's value (aggregating is the query's job, e.g. `sum(...)`), a
 * scalar its value; an empty vector, NaN, an error answer, an HTTP or network error or a timeout
 * are inconclusive with a message saying so.
 *
 * Every query is confined to the app's own series first ({@link scopePromql}: the matcher
 * `namespace="<app>"` on every selector, like prom-label-proxy), its cost bounded, and
 * Prometheus is asked to give up after the source's timeout. This relies on the scrape
 * configuration setting `namespace` from the pod's namespace (target labels win over the pod's
 * own, i.e. no `honor_labels`), as the cells' generated jobs do.
 *
 * @public
 */
export class PrometheusGateSource implements GateSource {
  /**
   * Reads `cellport.cells.prometheus.baseUrl` (and `timeoutSeconds`), overridden per region by
   * `cellport.cells.regions[].prometheusUrl`.
   */
  static fromConfig(
    config: Config,
    options: Pick<PrometheusGateSourceOptions, 'fetch'> = {},
  ): PrometheusGateSource {
    const regionUrls: Record<string, string> = {};
    for (const region of config.getOptionalConfigArray(
      'cellport.cells.regions',
    ) ?? []) {
      const url = region.getOptionalString('prometheusUrl');
      if (url) {
        regionUrls[region.getString('name')] = url;
      }
    }
    const timeoutSeconds = config.getOptionalNumber(
      'cellport.cells.prometheus.timeoutSeconds',
    );
    return new PrometheusGateSource({
      baseUrl: config.getOptionalString('cellport.cells.prometheus.baseUrl'),
      regionUrls,
      timeoutMs:
        timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      fetch: options.fetch,
    });
  }

  constructor(private readonly options: PrometheusGateSourceOptions) {}

  /** The base URL for a region (the region's own, else the default), if any. */
  baseUrlFor(region?: string): string | undefined {
    return (
      (region ? this.options.regionUrls?.[region] : undefined) ??
      this.options.baseUrl
    );
  }

  /** Refuses (InputError) a query that reads another app's series or costs too much. */
  checkQuery(query: GateQuery): void {
    this.scoped(query);
  }

  private scoped(query: GateQuery): string {
    return scopePromql(
      query.query,
      { namespace: query.namespace, app: query.app },
      this.options.limits ?? DEFAULT_PROMQL_LIMITS,
    );
  }

  async evaluate(query: GateQuery): Promise<GateValue> {
    let promql: string;
    try {
      promql = this.scoped(query);
    } catch (e) {
      return { message: `query refused: ${(e as Error).message}` };
    }
    const base = this.baseUrlFor(query.region);
    if (!base) {
      return {
        message: `no Prometheus configured${
          query.region ? ` for region ${query.region}` : ''
        } (cellport.cells.prometheus.baseUrl)`,
      };
    }
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const url = `${base.replace(/\/+$/, '')}/api/v1/query?${new URLSearchParams({
      query: promql,
      timeout: `${timeoutMs}ms`,
    })}`;
    let body: PrometheusResponse;
    let status: number;
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      const text = await response.text();
      try {
        body = JSON.parse(text);
      } catch {
        return {
          message: `Prometheus answered HTTP ${status} with no JSON: ${text.slice(
            0,
            200,
          )}`,
        };
      }
    } catch (error) {
      const e = error as Error;
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${timeoutMs} ms`
          : `${e.message}${
              (e as any).cause?.message ? `: ${(e as any).cause.message}` : ''
            }`;
      return { message: `Prometheus query failed: ${why}` };
    }
    if (body.status !== 'success') {
      return {
        message: `Prometheus answered HTTP ${status}: ${
          body.errorType ? `${body.errorType}: ` : ''
        }${body.error ?? 'no result'}`,
      };
    }
    return sampleOf(body.data);
  }
}

function sampleOf(data: PrometheusResponse['data']): GateValue {
  const type = data?.resultType;
  const result = data?.result;
  let raw: unknown;
  if (type === 'scalar' || type === 'string') {
    raw = Array.isArray(result) ? result[1] : undefined;
  } else if (type === 'vector') {
    if (!Array.isArray(result) || result.length === 0) {
      return { message: 'no data: the query returned an empty vector' };
    }
    raw = (result[0] as { value?: unknown[] })?.value?.[1];
  } else {
    return {
      message: `unsupported result type ${
        type ?? 'none'
      }: use an instant vector or scalar query`,
    };
  }
  const value = parseSampleValue(raw);
  if (value === undefined) {
    return { message: `no value: Prometheus returned ${String(raw)}` };
  }
  return { value };
}

/** Prometheus writes sample values as strings: `"0.25"`, `"+Inf"`, `"-Inf"`, `"NaN"`. */
function parseSampleValue(raw: unknown): number | undefined {
  if (typeof raw !== 'string') {
    return undefined;
  }
  if (/^\+?Inf$/.test(raw)) {
    return Infinity;
  }
  if (raw === '-Inf') {
    return -Infinity;
  }
  const value = Number(raw);
  return raw.trim() === '' || Number.isNaN(value) ? undefined : value;
}
