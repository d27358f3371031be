import { ResponseError } from '@backstage/errors';
import { jsonResponse as json, recordingFetchApi } from '@cellport/common';
import { ObservabilityClient } from './ObservabilityClient';

/** A client whose fetch records every call and answers with `answer`. */
function clientAnswering(answer: Parameters<typeof recordingFetchApi>[0]) {
  const { calls, ...deps } = recordingFetchApi(answer);
  return { client: new ObservabilityClient(deps), calls };
}

const rule = {
  name: 'errors',
  panel: 'error-ratio',
  op: '>',
  threshold: 0.05,
  forSeconds: 60,
  severity: 'warning',
} as any;

describe('ObservabilityClient', () => {
  it('sends every route of the contract with its method, path, query and body', async () => {
    const { client, calls } = clientAnswering(() =>
      json({ items: [{ name: 'shop' }] }),
    );
    expect(await client.listApps()).toEqual(['shop']);
    await client.getDashboard('shop', {
      range: '1h',
      split: 'cell',
      panels: ['requests', 'errors'] as any,
    });
    await client.listAlertRules('shop');
    await client.createAlertRule('shop', rule);
    await client.updateAlertRule('shop', 'r 1', rule);
    await client.deleteAlertRule('shop', 'r1');
    await client.listAlertHistory('shop');
    await client.getTopology('shop', '6h');
    await client.listTraces('shop', {
      range: '1h',
      state: 'ERROR',
      minDurationMs: 250,
      endpoint: 'GET /x',
    });
    await client.getTrace('shop', 't/1');
    await client.listEndpoints('shop', '15m');
    const o = 'http://backend.test/api/observability/apps/shop';
    expect(calls).toEqual([
      { method: 'GET', url: 'http://backend.test/api/cells/apps?limit=500' },
      {
        method: 'GET',
        url: `${o}/dashboard?range=1h&split=cell&panels=requests%2Cerrors`,
      },
      { method: 'GET', url: `${o}/alerts/rules?limit=500` },
      { method: 'POST', url: `${o}/alerts/rules`, body: rule },
      { method: 'PUT', url: `${o}/alerts/rules/r%201`, body: rule },
      { method: 'DELETE', url: `${o}/alerts/rules/r1` },
      { method: 'GET', url: `${o}/alerts/history` },
      { method: 'GET', url: `${o}/skywalking/topology?range=6h` },
      {
        method: 'GET',
        url: `${o}/skywalking/traces?range=1h&state=ERROR&limit=50&minDuration=250&endpoint=GET%20%2Fx`,
      },
      { method: 'GET', url: `${o}/skywalking/traces/t%2F1` },
      { method: 'GET', url: `${o}/skywalking/endpoints?range=15m` },
    ]);
  });

  it('lists every page of alert rules, following nextCursor', async () => {
    const { client, calls } = clientAnswering(call =>
      call.url.includes('cursor=')
        ? json({ items: [{ name: 'c' }], status: { loaded: true } })
        : json({
            items: [{ name: 'a' }, { name: 'b' }],
            status: { loaded: true },
            nextCursor: 'after-b',
          }),
    );
    const list = await client.listAlertRules('shop');
    expect(list.items.map(r => r.name)).toEqual(['a', 'b', 'c']);
    expect(list.status).toEqual({ loaded: true });
    expect(calls.map(c => c.url)).toEqual([
      'http://backend.test/api/observability/apps/shop/alerts/rules?limit=500',
      'http://backend.test/api/observability/apps/shop/alerts/rules?limit=500&cursor=after-b',
    ]);
  });

  it('lists every app, following the cells API nextCursor', async () => {
    const { client, calls } = clientAnswering(call =>
      call.url.includes('cursor=')
        ? json({ items: [{ name: 'c' }] })
        : json({ items: [{ name: 'a' }, { name: 'b' }], nextCursor: 'after-b' }),
    );
    expect(await client.listApps()).toEqual(['a', 'b', 'c']);
    expect(calls.map(c => c.url)).toEqual([
      'http://backend.test/api/cells/apps?limit=500',
      'http://backend.test/api/cells/apps?limit=500&cursor=after-b',
    ]);
  });

  it("rejects with the server's own message", async () => {
    const { client } = clientAnswering(() =>
      json(
        {
          error: { name: 'InputError', message: 'threshold must be a number' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    const error = await client.createAlertRule('shop', rule).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe('threshold must be a number');
  });
});
