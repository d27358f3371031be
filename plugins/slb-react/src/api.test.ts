import { ResponseError } from '@backstage/errors';
import { jsonResponse as json, recordingFetchApi } from '@cellport/common';
import { SlbClient } from './api';

/** A client whose fetch records every call and answers with `answer`. */
function clientAnswering(answer: Parameters<typeof recordingFetchApi>[0]) {
  const { calls, ...deps } = recordingFetchApi(answer);
  return { client: new SlbClient(deps), calls };
}

describe('SlbClient', () => {
  it('sends every route it uses with its method, path, query and body', async () => {
    const { client, calls } = clientAnswering(call =>
      call.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json({ items: [] }),
    );
    const domain = { name: 'shop.example.test', group: 'public', app: 'shop' };
    await client.listGroups();
    await client.listDomains();
    await client.listDomains('shop');
    await client.getDomain('shop.example.test');
    await client.createDomain(domain as any);
    await client.deleteDomain('shop.example.test');
    await client.setDirectives('shop.example.test', 'gzip on;');
    const s = 'http://backend.test/api/slb';
    expect(calls).toEqual([
      { method: 'GET', url: `${s}/groups` },
      { method: 'GET', url: `${s}/domains?limit=500` },
      { method: 'GET', url: `${s}/domains?app=shop&limit=500` },
      { method: 'GET', url: `${s}/domains/shop.example.test` },
      { method: 'POST', url: `${s}/domains`, body: domain },
      { method: 'DELETE', url: `${s}/domains/shop.example.test` },
      {
        method: 'PUT',
        url: `${s}/domains/shop.example.test/directives`,
        body: { extraDirectives: 'gzip on;' },
      },
    ]);
  });

  it('lists every page of domains, following nextCursor', async () => {
    const item = (name: string) => ({ domain: { name }, cname: 'c', vip: 'v' });
    const { client, calls } = clientAnswering(call =>
      call.url.includes('cursor=')
        ? json({ items: [item('c.test')] })
        : json({ items: [item('a.test'), item('b.test')], nextCursor: 'after-b' }),
    );
    expect((await client.listDomains('shop')).map(d => d.domain.name)).toEqual([
      'a.test',
      'b.test',
      'c.test',
    ]);
    expect(calls.map(c => c.url)).toEqual([
      'http://backend.test/api/slb/domains?app=shop&limit=500',
      'http://backend.test/api/slb/domains?app=shop&limit=500&cursor=after-b',
    ]);
  });

  it("rejects with the server's own message", async () => {
    const { client } = clientAnswering(() =>
      json(
        {
          error: { name: 'ConflictError', message: 'the domain exists' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const error = await client.getDomain('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe('the domain exists');
  });
});
