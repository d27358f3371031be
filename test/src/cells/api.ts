/**
 * The cells plugin's HTTP API as the frontend calls it (fetch, JSON, a user's bearer token), with
 * the few helpers the release tests share.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  App,
  AppOverview,
  FINAL_RELEASE_STATES,
  Release,
  ReleaseEvent,
  StartReleaseRequest,
} from '@cellport/plugin-cells-common';

/** An HTTP answer: status and parsed JSON body (undefined when empty, text when not JSON). */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** A release event as the API returns it, with the driver that wrote it (absent for users' actions). */
export type DrivenReleaseEvent = ReleaseEvent & { driverId?: string };

/** A version spec for the simulated app: small resources, a 1 s readiness probe. */
export function versionSpec(
  replicas: Record<string, number>,
  env: Record<string, string> = {},
  image = 'example/shop:1.0.0',
) {
  return {
    image,
    replicas,
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    healthCheck: { path: '/healthz', periodSeconds: 1 },
    resources: {
      requests: { cpu: '10m', memory: '16Mi' },
      limits: { cpu: '100m', memory: '64Mi' },
    },
  };
}

/** Client of `/api/cells` acting as one user. */
export class CellsApi {
  constructor(readonly baseUrl: string, readonly user: string) {}

  /** The same API as another user. */
  as(user: string): CellsApi {
    return new CellsApi(this.baseUrl, user);
  }

  /**
   * One request. `body` is sent as JSON; `rawBody` is sent as is with `Content-Type:
   * application/json` (malformed JSON tests).
   */
  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const hasBody = body !== undefined || options.rawBody !== undefined;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(this.user),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: options.rawBody ?? (hasBody ? JSON.stringify(body) : undefined),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let parsed: any = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed };
  }

  /** A request that must answer `status`; its body. */
  async expect<T = any>(
    status: number,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status !== status) {
      throw new Error(
        `${method} ${path}: expected HTTP ${status}, got ${
          res.status
        }: ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  }

  getApp(app: string): Promise<App> {
    return this.expect(200, 'GET', `/apps/${app}`);
  }

  overview(app: string): Promise<AppOverview> {
    return this.expect(200, 'GET', `/apps/${app}/overview`);
  }

  startRelease(app: string, request: StartReleaseRequest): Promise<Release> {
    return this.expect(201, 'POST', `/apps/${app}/releases`, request);
  }

  getRelease(app: string, id: string): Promise<Release> {
    return this.expect(200, 'GET', `/apps/${app}/releases/${id}`);
  }

  async listReleases(app: string): Promise<Release[]> {
    return (await this.expect(200, 'GET', `/apps/${app}/releases`)).items;
  }

  async releaseEvents(app: string, id: string): Promise<DrivenReleaseEvent[]> {
    return (await this.expect(200, 'GET', `/apps/${app}/releases/${id}/events`))
      .items;
  }

  act(
    app: string,
    id: string,
    action: Record<string, unknown>,
  ): Promise<Release> {
    return this.expect(
      200,
      'POST',
      `/apps/${app}/releases/${id}/actions`,
      action,
    );
  }

  /**
   * Creates an app and its first version (deployed to every cell at once) and waits until every
   * cell has `replicas` Ready pods of it.
   */
  async createAppWithVersion(
    app: string,
    cells: string[],
    version: string,
    replicas: number,
    timeoutMs = 120_000,
  ): Promise<void> {
    await this.expect(201, 'POST', '/apps', {
      name: app,
      production: cells.length > 1,
      cells,
    });
    await this.expect(201, 'POST', `/apps/${app}/versions`, {
      name: version,
      spec: versionSpec(Object.fromEntries(cells.map(c => [c, replicas]))),
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const o = await this.overview(app);
      const ready = o.cells.map(
        c => c.versions.find(v => v.version === version)?.ready ?? 0,
      );
      if (ready.every(r => r === replicas)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${app}/${version}: not ${replicas} Ready pods in every cell within ${timeoutMs} ms: ${JSON.stringify(
            ready,
          )}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  /** Polls the release until `done` says so (default: a final state); returns it. */
  async waitForRelease(
    app: string,
    id: string,
    what = 'a final state',
    done: (r: Release) => boolean = r => FINAL_RELEASE_STATES.includes(r.state),
    timeoutMs = 180_000,
  ): Promise<Release> {
    const deadline = Date.now() + timeoutMs;
    let last: Release | undefined;
    for (;;) {
      last = await this.getRelease(app, id);
      if (done(last)) {
        return last;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `release ${id} of ${app} did not reach ${what} within ${timeoutMs} ms; it is ${
            last.state
          } at step ${last.currentStep + 1} (${last.steps
            .map(s => s.state)
            .join(', ')})${last.reason ? `: ${last.reason}` : ''}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }
}

/** How many events of `type` (and `step`, if given) the timeline has. */
export function countEvents(
  events: ReleaseEvent[],
  type: string,
  step?: number,
): number {
  return events.filter(
    e => e.type === type && (step === undefined || e.step === step),
  ).length;
}
