/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (client.PUT) */
import { ResponseError } from '@backstage/errors';
import { createPluginApiClient } from './openapiClient';

/** A tiny document's paths, as openapi-typescript would generate them. */
interface paths {
  '/things/{name}': {
    put: {
      parameters: { path: { name: string }; query?: { dryRun?: string } };
      requestBody: { content: { 'application/json': { size: number } } };
      responses: {
        200: { content: { 'application/json': { name: string; size: number } } };
      };
    };
  };
}

function clientAnswering(answer: () => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = createPluginApiClient<paths>('things', {
    discoveryApi: {
      getBaseUrl: async id => `http://backend.test/api/${id}`,
    },
    fetchApi: {
      fetch: (async (url: string, init?: RequestInit) => {
        calls.push({ url, init });
        return answer();
      }) as typeof fetch,
    },
  });
  return { client, calls };
}

describe('createPluginApiClient', () => {
  it('sends to the discovered base URL with encoded path, query and a JSON body', async () => {
    const { client, calls } = clientAnswering(
      () =>
        new Response(JSON.stringify({ name: 'a b', size: 3 }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const { data } = await client.PUT('/things/{name}', {
      params: { path: { name: 'a b' }, query: { dryRun: 'true' } },
      body: { size: 3 },
    });
    expect(data).toEqual({ name: 'a b', size: 3 });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://backend.test/api/things/things/a%20b?dryRun=true');
    expect(calls[0].init?.method).toBe('PUT');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ size: 3 });
    expect((calls[0].init?.headers as Record<string, string>)['content-type']).toBe(
      'application/json',
    );
  });

  it("rejects an error answer with a ResponseError carrying the server's message", async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ConflictError', message: "a thing named 'a' exists" },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'content-type': 'application/json' } },
        ),
    );
    const error = await client
      .PUT('/things/{name}', { params: { path: { name: 'a' } }, body: { size: 1 } })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe("a thing named 'a' exists");
    expect(error.response.status).toBe(409);
  });
});
