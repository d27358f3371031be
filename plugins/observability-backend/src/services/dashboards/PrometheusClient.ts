/**
 * A small client of Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`) with a timeout,
 * turning every failure into a {@link PrometheusUnavailableError} that says why.
 */

/** Prometheus could not answer: unreachable, timed out, HTTP error or a query error. */
export class PrometheusUnavailableError extends Error {
  name = 'PrometheusUnavailableError';
}

/** One series of a range query. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** Options of {@link PrometheusClient}. */
export interface PrometheusClientOptions {
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Queries one Prometheus. */
export class PrometheusClient {
  private readonly fetchImpl: typeof fetch;
  /** Queries sent so far (benchmarks and tests count them). */
  queryCount = 0;

  constructor(private readonly options: PrometheusClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** The base URL, if configured. */
  get baseUrl(): string | undefined {
    return this.options.baseUrl?.replace(/\/+$/, '');
  }

  private async call(path: string, params: Record<string, string>): Promise<any> {
    const base = this.baseUrl;
    if (!base) {
      throw new PrometheusUnavailableError(
        'no Prometheus is configured (cellport.observability.prometheus.baseUrl)',
      );
    }
    this.queryCount++;
    let res: Response;
    try {
      res = await this.fetchImpl(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new PrometheusUnavailableError(
        `Prometheus at ${base} did not answer: ${cause ?? (e as Error).message}`,
      );
    }
    let body: any;
    try {
      body = await res.json();
    } catch {
      throw new PrometheusUnavailableError(
        `Prometheus at ${base} answered HTTP ${res.status} without JSON`,
      );
    }
    if (body?.status !== 'success') {
      throw new PrometheusUnavailableError(
        `Prometheus at ${base} answered HTTP ${res.status}: ${body?.errorType ?? ''} ${body?.error ?? ''}`.trim(),
      );
    }
    return body.data;
  }

  /** A range query; `start`, `end` in unix seconds, `step` in seconds. */
  async queryRange(
    query: string,
    start: number,
    end: number,
    step: number,
  ): Promise<RangeSeries[]> {
    const data = await this.call('/api/v1/query_range', {
      query,
      start: String(start),
      end: String(end),
      step: String(step),
    });
    return (data?.result ?? []) as RangeSeries[];
  }

  /** An instant query answering the first sample's value, or undefined when empty. */
  async queryValue(query: string, time?: number): Promise<number | undefined> {
    const data = await this.call('/api/v1/query', {
      query,
      ...(time ? { time: String(time) } : {}),
    });
    if (data?.resultType === 'scalar') return Number(data.result[1]);
    const first = data?.result?.[0];
    return first ? Number(first.value[1]) : undefined;
  }
}
