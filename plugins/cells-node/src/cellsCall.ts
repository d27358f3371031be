/**
 * One call of the cells plugin's HTTP API as the calling plugin (its own service credentials),
 * shared by the HTTP defaults of the services this package declares.
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * Calls `path` of the `cells` plugin with a plugin request token on behalf of the calling
 * plugin: a JSON body when given, ResponseError on a non-2xx answer, the JSON answer (undefined
 * for 204).
 */
export async function callCellsPlugin<T>(
  deps: { discovery: DiscoveryService; auth: AuthService },
  request: { method: string; path: string; body?: unknown; timeoutMs: number },
): Promise<T> {
  const { discovery, auth } = deps;
  const { body } = request;
  const baseUrl = await discovery.getBaseUrl('cells');
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: 'cells',
  });
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  if (!res.ok) {
    throw await ResponseError.fromResponse(res);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}
