import {
  createPluginApiClient,
  PluginApiClientOptions,
} from '@cellport/common';
import { Client } from 'openapi-fetch';
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
export type RegistryApiClientOptions = PluginApiClientOptions;

/**
 * A {@link RegistryApiClient} of the registry backend found through discovery
 * (`createPluginApiClient` of `@cellport/common`). An error answer rejects with a `ResponseError`
 * whose message is the server's own; its status, body and cause stay on it.
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
  return createPluginApiClient<paths>('registry', options);
}
