import {
  createPluginApiClient,
  PluginApiClient,
  PluginApiClientOptions,
} from '@cellport/common';
import type { paths } from '../generated/openapi';

/**
 * The typed observability client: one method per HTTP verb, paths, parameters, bodies and
 * answers typed from the observability backend's OpenAPI document (`src/generated/openapi.ts`,
 * generated with openapi-typescript from `plugins/observability-backend/src/schema/openapi.yaml`).
 *
 * @public
 */
export type ObservabilityApiClient = PluginApiClient<paths>;

/**
 * A {@link ObservabilityApiClient} of the observability backend found through discovery. An
 * error answer rejects with a `ResponseError` whose message is the server's own.
 *
 * @public
 */
export function createObservabilityApiClient(
  options: PluginApiClientOptions,
): ObservabilityApiClient {
  return createPluginApiClient<paths>('observability', options);
}
