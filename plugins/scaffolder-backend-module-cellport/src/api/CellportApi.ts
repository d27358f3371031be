/**
 * Calls the Cellport plugins' HTTP APIs on behalf of the user running a template, so that their
 * permissions apply and a refusal carries the same message the UI shows.
 */
import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { DEFAULT_PAGE_LIMITS, fetchAllPages, Page } from '@cellport/common';

/** The Cellport plugins the actions call. */
export type CellportPluginId =
  | 'registry'
  | 'cells'
  | 'builds'
  | 'slb'
  | 'observability';

/**
 * Services the actions that call the Cellport backend plugins need (as the user running the template).
 *
 * @public
 */
export interface CellportApiDeps {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** A request's time limit: the plugins answer within seconds, waiting is done by polling. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The error a plugin sent, as a Backstage error of the same kind (the scaffolder shows its
 * message in the task log as the plugin wrote it).
 */
function errorFor(status: number, message: string): Error {
  switch (status) {
    case 400:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(message);
  }
}

async function messageOf(res: Response, what: string): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    const message = body?.error?.message;
    if (typeof message === 'string' && message) return message;
  } catch {
    // not JSON: the text itself, if any
  }
  return text.trim() || `${what} failed with HTTP ${res.status}`;
}

/**
 * One user's client of the Cellport plugins: each request carries a token of the plugin's own
 * audience issued on behalf of the user (`auth.getPluginRequestToken`).
 *
 * @public
 */
export class CellportApi {
  private constructor(
    private readonly deps: CellportApiDeps,
    private readonly credentials: BackstageCredentials,
  ) {}

  /** A client acting as the principal of `credentials` (the template's initiator). */
  static forCredentials(
    deps: CellportApiDeps,
    credentials: BackstageCredentials,
  ): CellportApi {
    return new CellportApi(deps, credentials);
  }

  /**
   * Sends one request; the parsed JSON answer (undefined for 204). Any other status than 2xx is
   * thrown as the Backstage error of that status with the plugin's message.
   */
  async request<T>(
    pluginId: CellportPluginId,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await this.send(pluginId, method, path, body);
    if (!res.ok) {
      throw errorFor(res.status, await messageOf(res, `${method} ${path}`));
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Every item of a list route (`GET path` answering `{ items, nextCursor? }`), page after page
   * at the largest page size, so an action sees the whole list.
   */
  async listAll<T>(pluginId: CellportPluginId, path: string): Promise<T[]> {
    return fetchAllPages(cursor => {
      const query = new URLSearchParams({
        limit: String(DEFAULT_PAGE_LIMITS.maxLimit),
        ...(cursor ? { cursor } : {}),
      });
      const separator = path.includes('?') ? '&' : '?';
      return this.request<Page<T>>(
        pluginId,
        'GET',
        `${path}${separator}${query}`,
      );
    });
  }

  /** `GET path`, or undefined when the plugin answers 404 (missing, or hidden from the user). */
  async find<T>(
    pluginId: CellportPluginId,
    path: string,
  ): Promise<T | undefined> {
    const res = await this.send(pluginId, 'GET', path);
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      throw errorFor(res.status, await messageOf(res, `GET ${path}`));
    }
    return (await res.json()) as T;
  }

  private async send(
    pluginId: CellportPluginId,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: this.credentials,
      targetPluginId: pluginId,
    });
    const baseUrl = await this.deps.discovery.getBaseUrl(pluginId);
    return fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
}

/** Encodes each segment of a `group/name` path for a URL. */
export function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}
