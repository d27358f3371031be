import { ResponseError } from '@backstage/errors';
import createClient, { Client } from 'openapi-fetch';

/**
 * A client typed from a plugin's OpenAPI document: one method per HTTP verb (`GET`, `POST`, ...),
 * paths, parameters, bodies and answers typed by the `paths` that openapi-typescript generates
 * from the document.
 *
 * @public
 */
export type PluginApiClient<Paths extends {}> = Client<Paths>;

/**
 * What {@link createPluginApiClient} needs: Backstage's discovery API (the plugin's base URL) and,
 * in a browser, the app's fetch API (the signed-in user's credentials).
 *
 * @public
 */
export interface PluginApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/** Stands for the discovered base URL until a request is sent. */
const PLACEHOLDER = 'http://plugin.invalid';

/**
 * A {@link PluginApiClient} of a Cellport backend plugin found through discovery (openapi-fetch
 * over the generated `paths`). An error answer rejects with a `ResponseError` whose message is the
 * server's own (e.g. "a production app runs in at least two cells") rather than only "Request
 * failed with 400"; its status, body and cause stay on it.
 *
 * @public
 */
export function createPluginApiClient<Paths extends {}>(
  pluginId: string,
  options: PluginApiClientOptions,
): PluginApiClient<Paths> {
  const send = options.fetchApi?.fetch ?? fetch;
  const client = createClient<Paths>({
    baseUrl: PLACEHOLDER,
    fetch: async (request: Request) => {
      const base = await options.discoveryApi.getBaseUrl(pluginId);
      const body =
        request.method === 'GET' || request.method === 'HEAD'
          ? undefined
          : await request.text();
      return send(`${base}${request.url.slice(PLACEHOLDER.length)}`, {
        method: request.method,
        headers: Object.fromEntries(request.headers.entries()),
        ...(body ? { body } : {}),
        signal: request.signal,
      });
    },
  });
  client.use({
    async onResponse({ response }) {
      if (!response.ok) {
        const error = await ResponseError.fromResponse(response);
        const serverMessage = error.cause?.message;
        if (serverMessage) {
          error.message = serverMessage;
        }
        throw error;
      }
      return undefined;
    },
  });
  return client;
}
