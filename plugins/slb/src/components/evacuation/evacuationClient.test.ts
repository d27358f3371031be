import { jsonResponse as json, recordingFetchApi } from '@cellport/common';
import { EvacuationClient } from './evacuationClient';

function clientAnswering(answer: Parameters<typeof recordingFetchApi>[0]) {
  const { calls, discoveryApi, fetchApi } = recordingFetchApi(answer);
  return { client: new EvacuationClient(discoveryApi, fetchApi), calls };
}

describe('EvacuationClient', () => {
  it('sends every route it uses with its method, path and body', async () => {
    const { client, calls } = clientAnswering(call =>
      call.url.endsWith('/regions')
        ? json({ items: [{ name: 'dev', cells: [{ name: 'dev-1' }, { name: 'dev-2' }] }] })
        : json({ items: [] }),
    );
    await client.list();
    await client.get('ev 1');
    await client.plan('dev-1');
    await client.start('dev-1');
    await client.start('dev-1', 'maintenance');
    await client.restore('ev-1');
    expect(await client.cells()).toEqual([
      { name: 'dev-1', region: 'dev' },
      { name: 'dev-2', region: 'dev' },
    ]);
    const s = 'http://backend.test/api/slb';
    expect(calls).toEqual([
      { method: 'GET', url: `${s}/evacuations?limit=500` },
      { method: 'GET', url: `${s}/evacuations/ev%201` },
      { method: 'POST', url: `${s}/evacuations/plan`, body: { cell: 'dev-1' } },
      { method: 'POST', url: `${s}/evacuations`, body: { cell: 'dev-1' } },
      { method: 'POST', url: `${s}/evacuations`, body: { cell: 'dev-1', reason: 'maintenance' } },
      { method: 'POST', url: `${s}/evacuations/ev-1/restore` },
      { method: 'GET', url: 'http://backend.test/api/cells/regions' },
    ]);
  });

  it('lists every page of evacuations, following nextCursor', async () => {
    const { client, calls } = clientAnswering(call =>
      call.url.includes('cursor=')
        ? json({ items: [{ id: 'ev-1' }] })
        : json({ items: [{ id: 'ev-3' }, { id: 'ev-2' }], nextCursor: 'after-2' }),
    );
    expect((await client.list())!.map(e => e.id)).toEqual(['ev-3', 'ev-2', 'ev-1']);
    expect(calls.map(c => c.url)).toEqual([
      'http://backend.test/api/slb/evacuations?limit=500',
      'http://backend.test/api/slb/evacuations?limit=500&cursor=after-2',
    ]);
  });

  it('lists nothing for someone who is not a platform admin (404), and rejects with the server message otherwise', async () => {
    const notFound = clientAnswering(() => json({ error: { name: 'NotFoundError', message: 'Not found' } }, 404));
    expect(await notFound.client.list()).toBeUndefined();
    const refused = clientAnswering(() =>
      json({ error: { name: 'ConflictError', message: "cell 'dev-1' is already evacuated" }, response: { statusCode: 409 } }, 409),
    );
    await expect(refused.client.start('dev-1')).rejects.toThrow(/^cell 'dev-1' is already evacuated$/);
    await expect(refused.client.list()).rejects.toThrow("cell 'dev-1' is already evacuated");
  });
});
