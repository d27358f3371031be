import { ResponseError } from '@backstage/errors';
import { RegistryClient } from './api';

/** A RegistryClient whose fetch answers from `answer` and records every request. */
function clientWith(answer: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; method: string; body?: unknown }> = [];
  const client = new RegistryClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: {
      fetch: async (input: any, init?: RequestInit) => {
        const url = String(input);
        calls.push({
          url,
          method: init?.method ?? 'GET',
          ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
        });
        return answer(url, init ?? {});
      },
    },
  });
  return { client, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('RegistryClient (generated from the OpenAPI document)', () => {
  it('sends the paths, queries and bodies the backend document describes', async () => {
    const { client, calls } = clientWith(url =>
      url.includes('/tags') ? json(200, { items: [] }) : json(200, { items: [{ name: 'x' }], registryHost: 'h' }),
    );
    await client.listTags('team/my app');
    await client.listGroups();
    await client.createToken({ name: 'laptop', expiresInDays: 7 });
    expect(calls).toEqual([
      { url: 'http://backend/api/registry/repositories/team/my%20app/tags?limit=200', method: 'GET' },
      { url: 'http://backend/api/registry/groups', method: 'GET' },
      { url: 'http://backend/api/registry/tokens', method: 'POST', body: { name: 'laptop', expiresInDays: 7 } },
    ]);
  });

  it('answers 204 with nothing and rejects an error with the server message', async () => {
    const { client } = clientWith((_url, init) =>
      init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json(403, { error: { name: 'NotAllowedError', message: "image group 'team' is private" }, response: { statusCode: 403 } }),
    );
    await expect(client.deleteRepository('team/app')).resolves.toBeUndefined();
    const error = await client.setVisibility('team/app', 'public').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe("image group 'team' is private");
    expect(error.response.status).toBe(403);
  });
});
