import { ServiceUnavailableError } from '@backstage/errors';
import { EXPRESSION } from './queries';

/** A protocol Duration: MINUTE step, `yyyy-MM-dd HHmm` in UTC. */
export interface SkyWalkingDuration {
  start: string;
  end: string;
  step: 'MINUTE';
}

const pad = (n: number) => String(n).padStart(2, '0');
const minute = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;

/** The duration of the last `seconds` up to `endMs`. */
export function durationOf(seconds: number, endMs = Date.now()): SkyWalkingDuration {
  return { start: minute(new Date(endMs - seconds * 1000)), end: minute(new Date(endMs)), step: 'MINUTE' };
}

/** SkyWalking's service ID of a service name: BASE64(name) + '.1'. */
export const serviceIdOf = (name: string) => `${Buffer.from(name).toString('base64')}.1`;

/** Talks to an OAP's GraphQL query endpoint (`<baseUrl>/graphql`). */
export class SkyWalkingClient {
  constructor(private readonly baseUrl: string | undefined, private readonly timeoutMs = 10_000) {}

  /** Whether an OAP is configured. */
  get configured(): boolean {
    return Boolean(this.baseUrl);
  }

  /** Runs a query; GraphQL and transport errors become a ServiceUnavailableError saying what failed. */
  async query<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    if (!this.baseUrl) {
      throw new ServiceUnavailableError('no SkyWalking OAP is configured (cellport.observability.skywalking.baseUrl)');
    }
    const url = `${this.baseUrl.replace(/\/+$/, '')}/graphql`;
    let body: any;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await res.json();
      if (!res.ok && !body?.errors) throw new Error(`HTTP ${res.status}`);
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new ServiceUnavailableError(`SkyWalking at ${url} did not answer: ${cause ?? (e as Error).message}`);
    }
    if (body?.errors?.length) {
      throw new ServiceUnavailableError(`SkyWalking refused the query: ${body.errors.map((x: any) => x.message).join('; ')}`);
    }
    return body.data as T;
  }

  /** The single value of `avg(<metric>)` for an entity, or undefined when absent. */
  async average(metric: string, entity: Record<string, unknown>, duration: SkyWalkingDuration): Promise<number | undefined> {
    const data = await this.query<{ execExpression: { type: string; error?: string; results: Array<{ values: Array<{ value: string | null }> }> } }>(
      EXPRESSION,
      { expression: `avg(${metric})`, entity, duration },
    );
    const value = data.execExpression.results[0]?.values[0]?.value;
    return value === null || value === undefined ? undefined : Number(value);
  }

  /** The averages of `endpoint_percentile{p=...}` per percentile. */
  async percentiles(entity: Record<string, unknown>, ps: number[], duration: SkyWalkingDuration): Promise<Record<string, number | undefined>> {
    const data = await this.query<{ execExpression: { results: Array<{ metric: { labels: Array<{ key: string; value: string }> } | null; values: Array<{ value: string | null }> }> } }>(
      EXPRESSION,
      { expression: `avg(endpoint_percentile{p='${ps.join(',')}'})`, entity, duration },
    );
    const out: Record<string, number | undefined> = {};
    for (const r of data.execExpression.results) {
      const p = r.metric?.labels.find(l => l.key === 'p')?.value;
      const v = r.values[0]?.value;
      if (p) out[`p${p}`] = v === null || v === undefined ? undefined : Number(v);
    }
    return out;
  }
}
