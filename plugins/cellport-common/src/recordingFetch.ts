/**
 * One request a {@link recordingFetchApi} saw: its method, URL and JSON body.
 *
 * @public
 */
export type RecordedCall = { method: string; url: string; body?: unknown };

/**
 * For tests of the clients built on `createPluginApiClient`: a discovery API that puts every
 * plugin at `http://backend.test/api/<plugin>` and a fetch API that records each call (`calls`)
 * and answers with `answer`. A body sent without a JSON content type is an error.
 *
 * @public
 */
export function recordingFetchApi(answer: (call: RecordedCall) => Response) {
  const calls: RecordedCall[] = [];
  const fetchApi = {
    fetch: (async (url: string, init?: RequestInit) => {
      const call: RecordedCall = {
        method: init?.method ?? 'GET',
        url,
        ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
      };
      const type = new Headers(init?.headers).get('content-type');
      if (init?.body && type !== 'application/json') {
        throw new Error(`${call.method} ${url} sent a body as ${type}`);
      }
      calls.push(call);
      return answer(call);
    }) as typeof fetch,
  };
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      `http://backend.test/api/${pluginId}`,
  };
  return { calls, discoveryApi, fetchApi };
}

/**
 * A JSON answer for a {@link recordingFetchApi}.
 *
 * @public
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
