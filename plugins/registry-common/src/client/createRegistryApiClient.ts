import { ResponseError } from '@backstage/errors';
import createClient, { Client } from 'openapi-fetch';
import type { paths } from '../generated/openapi';

/**
 * The typed registry client: one method per HTTP verb, with paths, parameters, bodies and answers
 * typed from the registry backend's OpenAPI document (`src/generated/openapi.ts`, generated with
 * openapi-typescript from `plugins/registry-backend/src/schema/openapi.yaml`).
 *
 * @public
 */
export type RegistryApiClient = Client<paths>;

/**
 * What {@link createRegistryApiClient} needs: Backstage's discovery API (the backend's base URL)
 * and, in a browser, the app's fetch API (the signed-in user's credentials).
 *
 * @public
 */
export interface RegistryApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/** Stands for the discovered base URL until a request is sent. */
const PLACEHOLDER = 'http://registry.invalid';

/**
 * A {@link RegistryApiClient} of the registry backend found through discovery. An error answer
 * rejects with a `ResponseError` whose message is the server's own (e.g. "image group 'x' is
 * private: ...") rather than only "Request failed with 403"; its status, body and cause stay on it.
 *
 * @example
 * ```ts
 * const client = createRegistryApiClient({ discoveryApi, fetchApi });
 * const { data } = await client.GET('/groups/{group}', { params: { path: { group: 'team' } } });
 * ```
 *
 * @public
 */
export function createRegistryApiClient(
  options: RegistryApiClientOptions,
): RegistryApiClient {
  const send = options.fetchApi?.fetch ?? fetch;
  const client = createClient<paths>({
    baseUrl: PLACEHOLDER,
    fetch: async (request: Request) => {
      const base = await options.discoveryApi.getBaseUrl('registry');
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
