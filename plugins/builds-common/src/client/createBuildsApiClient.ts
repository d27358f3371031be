import {
  createPluginApiClient,
  PluginApiClient,
  PluginApiClientOptions,
} from '@cellport/common';
import type { paths } from '../generated/openapi';

/**
 * The typed builds client: one method per HTTP verb, paths, parameters, bodies and
 * answers typed from the builds backend's OpenAPI document (`src/generated/openapi.ts`,
 * generated with openapi-typescript from `plugins/builds-backend/src/schema/openapi.yaml`).
 *
 * @public
 */
export type BuildsApiClient = PluginApiClient<paths>;

/**
 * A {@link BuildsApiClient} of the builds backend found through discovery. An
 * error answer rejects with a `ResponseError` whose message is the server's own.
 *
 * @public
 */
export function createBuildsApiClient(
  options: PluginApiClientOptions,
): BuildsApiClient {
  return createPluginApiClient<paths>('builds', options);
}
