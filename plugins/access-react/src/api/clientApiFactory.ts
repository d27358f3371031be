import {
  ApiRef,
  createApiFactory,
  DiscoveryApi,
  discoveryApiRef,
  FetchApi,
  fetchApiRef,
} from '@backstage/core-plugin-api';

/**
 * What a Cellport plugin's HTTP client is built from: the app's discovery API (the backend's
 * base URL) and fetch API (the signed-in user's credentials).
 *
 * @public
 */
export type ClientApiDeps = { discoveryApi: DiscoveryApi; fetchApi: FetchApi };

/**
 * The API factory of a Cellport plugin's HTTP client, built from the app's discovery and fetch
 * APIs: an entry of `createPlugin({ apis })` in the legacy frontend system, and what
 * `ApiBlueprint.make({ params: defineParams => defineParams(...) })` takes in the new one.
 *
 * @public
 */
export function clientApiFactory<Api, Impl extends Api>(
  api: ApiRef<Api>,
  create: (deps: ClientApiDeps) => Impl,
) {
  return createApiFactory({
    api,
    deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
    factory: create,
  });
}
