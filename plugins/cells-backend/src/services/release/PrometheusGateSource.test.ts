import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { GateQuery, renderGateQuery } from './GateSource';
import { PrometheusGateSource } from './PrometheusGateSource';

type Answer = { status?: number; body: unknown; delayMs?: number };

/** A tiny Prometheus: answers `/api/v1/query` from a table keyed by the query. */
async function startFakePrometheus(answers: Record<string, Answer>) {
  const received: Array<{
    path: string;
    query: string | null;
    timeout: string | null;
  }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const query = url.searchParams.get('query');
    received.push({
      path: url.pathname,
      query,
      timeout: url.searchParams.get('timeout'),
    });
    const answer =
      url.pathname === '/api/v1/query' && query !== null
        ? answers[query]
        : undefined;
    const send = () => {
      if (!answer) {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end('404 page not found');
        return;
      }
      res
        .writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
        .end(
          typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body),
        );
    };
    if (answer?.delayMs) {
      setTimeout(send, answer.delayMs);
    } else {
      send();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const vector = (...values: string[]) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: values.map((v, i) => ({
      metric: { pod: `p${i}` },
      value: [1714521600.123, v],
    })),
  },
});

function q(query: string, extra: Partial<GateQuery> = {}): GateQuery {
  return {
    query,
    template: query,
    app: 'shop',
    version: 'v2',
    cell: 'a',
    namespace: 'shop',
    ...extra,
  };
}

describe('PrometheusGateSource', () => {
  let prom: Awaited<ReturnType<typeof startFakePrometheus>>;

  beforeAll(async () => {
    prom = await startFakePrometheus({
      'sum(rate(errors{namespace="shop"}[1m]))': { body: vector('0.0125', '7') },
      'scalar(up{namespace="shop"})': {
        body: {
          status: 'success',
          data: { resultType: 'scalar', result: [1714521600, '1'] },
        },
      },
      'empty{namespace="shop"}': { body: vector() },
      'notanumber{namespace="shop"}': { body: vector('NaN') },
      'infinite{namespace="shop"}': { body: vector('+Inf') },
      'rejected{namespace="shop"}': {
        status: 400,
        body: {
          status: 'error',
          errorType: 'bad_data',
          error: 'parse error at char 5',
        },
      },
      'broken{namespace="shop"}': { status: 502, body: '<html>bad gateway</html>' },
      'matrix{namespace="shop"}': {
        body: { status: 'success', data: { resultType: 'matrix', result: [] } },
      },
      'slow{namespace="shop"}': { body: vector('1'), delayMs: 2000 },
      'up{namespace="shop",namespace="shop",version="v2",cell="a",x="a\\"b"}': {
        body: vector('3'),
      },
    });
  });

  afterAll(async () => {
    await prom.close();
  });

  const source = () =>
    new PrometheusGateSource({ baseUrl: `${prom.url}/`, timeoutMs: 500 });

  it('answers the first sample of a vector and the value of a scalar', async () => {
    await expect(
      source().evaluate(q('sum(rate(errors[1m]))')),
    ).resolves.toEqual({ value: 0.0125 });
    await expect(source().evaluate(q('scalar(up)'))).resolves.toEqual({
      value: 1,
    });
    await expect(source().evaluate(q('infinite'))).resolves.toEqual({
      value: Infinity,
    });
    expect(
      prom.received.find(r => r.query === 'scalar(up{namespace="shop"})'),
    ).toEqual({
      path: '/api/v1/query',
      query: 'scalar(up{namespace="shop"})',
      timeout: '500ms',
    });
  });

  it('is inconclusive, saying why, without a value', async () => {
    const s = source();
    expect(await s.evaluate(q('empty'))).toEqual({
      message: 'no data: the query returned an empty vector',
    });
    expect(await s.evaluate(q('notanumber'))).toEqual({
      message: 'no value: Prometheus returned NaN',
    });
    expect(await s.evaluate(q('rejected'))).toEqual({
      message: 'Prometheus answered HTTP 400: bad_data: parse error at char 5',
    });
    expect((await s.evaluate(q('bad('))).message).toMatch(
      /^query refused: the query does not parse as PromQL/,
    );
    expect((await s.evaluate(q('broken'))).message).toMatch(
      /^Prometheus answered HTTP 502 with no JSON: <html>bad gateway/,
    );
    expect((await s.evaluate(q('matrix'))).message).toMatch(
      /unsupported result type matrix/,
    );
    const slow = await s.evaluate(q('slow'));
    expect(slow).toEqual({
      message: 'Prometheus query failed: no answer within 500 ms',
    });
  });

  it('is inconclusive when Prometheus cannot be reached or is not configured', async () => {
    const closed = await startFakePrometheus({});
    await closed.close();
    const down = await new PrometheusGateSource({
      baseUrl: closed.url,
    }).evaluate(q('up'));
    expect(down.value).toBeUndefined();
    expect(down.message).toMatch(/^Prometheus query failed: .*ECONNREFUSED/);
    expect(
      await new PrometheusGateSource({}).evaluate(q('up', { region: 'bj' })),
    ).toEqual({
      message:
        'no Prometheus configured for region bj (cellport.cells.prometheus.baseUrl)',
    });
  });

  it('sends the rendered query, escaped for PromQL string literals', async () => {
    const template =
      'up{namespace="{{namespace}}",version="{{ version }}",cell="{{cell}}",x="{{stableVersion}}"}';
    const query = renderGateQuery(template, {
      app: 'shop',
      version: 'v2',
      cell: 'a',
      namespace: 'shop',
      stableVersion: 'a"b',
    });
    expect(query).toBe('up{namespace="shop",version="v2",cell="a",x="a\\"b"}');
    await expect(source().evaluate(q(query))).resolves.toEqual({ value: 3 });
  });

  it("confines every query to the app's namespace and refuses other apps' series", async () => {
    const s = source();
    const before = prom.received.length;
    expect(
      (await s.evaluate(q('sum(http_requests_total{app="secapp"})'))).message,
    ).toMatch(/^query refused: a gate query reads the metrics of its own app only/);
    expect(
      (await s.evaluate(q('count(up{namespace=~".+"})'))).message,
    ).toMatch(/^query refused: .*namespace=~/);
    expect(prom.received.length).toBe(before);
    expect(() => s.checkQuery(q('up{app="other"}'))).toThrow(/own app only/);
    expect(() => s.checkQuery(q('up'))).not.toThrow();
  });

  it('takes its URL from config, per region when a region has its own', async () => {
    const config = new ConfigReader({
      cellport: {
        cells: {
          prometheus: { baseUrl: 'http://127.0.0.1:1', timeoutSeconds: 2 },
          regions: [
            { name: 'bj', prometheusUrl: prom.url, cells: [] },
            { name: 'sh', cells: [] },
          ],
        },
      },
    });
    const s = PrometheusGateSource.fromConfig(config);
    expect(s.baseUrlFor('bj')).toBe(prom.url);
    expect(s.baseUrlFor('sh')).toBe('http://127.0.0.1:1');
    expect(s.baseUrlFor(undefined)).toBe('http://127.0.0.1:1');
    await expect(
      s.evaluate(q('scalar(up)', { region: 'bj' })),
    ).resolves.toEqual({ value: 1 });
  });
});
