import {
  createPluginApiClient,
  PluginApiClient,
  PluginApiClientOptions,
} from '@cellport/common';
import type { paths } from '../generated/openapi';

/**
 * The typed cells client: one method per HTTP verb, paths, parameters, bodies and answers typed
 * from the cells backend's OpenAPI document (`src/generated/openapi.ts`, generated with
 * openapi-typescript from `plugins/cells-backend/src/schema/openapi.yaml`).
 *
 * @public
 */
export type CellsApiClient = PluginApiClient<paths>;

/**
 * What {@link createCellsApiClient} needs: Backstage's discovery API (the backend's base URL)
 * and, in a browser, the app's fetch API (the signed-in user's credentials).
 *
 * @public
 */
export type CellsApiClientOptions = PluginApiClientOptions;

/**
 * A {@link CellsApiClient} of the cells backend found through discovery. An error answer
 * rejects with a `ResponseError` whose message is the server's own (e.g. "a production app runs
 * in at least two cells"); its status, body and cause stay on it.
 *
 * @example
 * ```ts
 * const client = createCellsApiClient({ discoveryApi, fetchApi });
 * const { data } = await client.GET('/apps/{app}', { params: { path: { app: 'shop' } } });
 * ```
 *
 * @public
 */
export function createCellsApiClient(
  options: CellsApiClientOptions,
): CellsApiClient {
  return createPluginApiClient<paths>('cells', options);
}
