/**
 * One route's fuzzing, shared by the fuzz suites: fast-check bad requests (fuzz.ts) sent to the
 * backend, and page sizes out of range for list routes that take one, with the findings (any 5xx, an error not in Backstage's shape, bad input accepted by a
 * route that changes things) and the figures (cases, statuses). The suites compare what changed.
 */
import fc from 'fast-check';
import { badRequests, BadRequestOptions } from './fuzz';
import { backstageErrorShapeProblem, rawRequest } from './http';
import { InventoryRoute } from './inventory';

/** Figures of one route. */
export interface FuzzFigures {
  cases: number;
  status5xx: number;
  statuses: Record<number, number>;
}

/** Options of {@link fuzzRoute}. */
export interface FuzzRouteOptions extends BadRequestOptions {
  runs: number;
  seed?: number;
  /** Statuses a protocol route answers in its protocol's shape beside Backstage's error object. */
  protocolStatuses?: number[];
}

/** Page sizes no list route takes: none, negative, past every route's maximum (1,000), not a number. */
export const BAD_PAGE_SIZES = ['0', '-1', '100000', '2.5', 'all'];

/**
 * A route with a `limit` query parameter (a list with a page size) refuses every page size of
 * {@link BAD_PAGE_SIZES} with a 400 in Backstage's shape (not a silently clamped page), asked
 * with the seeded path parameters and the caller's credentials; the problems found.
 */
export async function checkPageSizes(
  baseUrl: string,
  route: Omit<InventoryRoute, 'access'>,
  options: Pick<FuzzRouteOptions, 'seeded' | 'auth'>,
): Promise<string[]> {
  if (route.method !== 'GET' || !route.query?.limit) return [];
  const path = route.path.replace(/:([a-zA-Z]+)/g, (_, name) => encodeURIComponent(options.seeded[name] ?? 'x'));
  const problems: string[] = [];
  for (const limit of BAD_PAGE_SIZES) {
    const res = await rawRequest(baseUrl, { method: 'GET', path: `${path}?limit=${limit}`, headers: options.auth });
    const shape = backstageErrorShapeProblem(res, {});
    if (res.status !== 400 || shape) {
      problems.push(`GET ${path}?limit=${limit}: ${res.status}${shape ? ` (${shape})` : ''}, a page size out of range must be a 400`);
    }
  }
  return problems;
}

/**
 * Which GET routes list things with a page size (`limit`) and which list without one (a path not
 * ending in a parameter, so not one resource): the figures the fuzz suites print.
 */
export function pageSizeFigures(routes: Array<Omit<InventoryRoute, 'access'>>): { withPageSize: string[]; withoutPageSize: string[] } {
  const gets = routes.filter(r => r.method === 'GET');
  return {
    withPageSize: gets.filter(r => r.query?.limit).map(r => r.path),
    withoutPageSize: gets.filter(r => !r.query?.limit && !/\/:[a-zA-Z]+$/.test(r.path)).map(r => r.path),
  };
}

/** Sends `options.runs` bad requests to `route`; returns the problems found and the figures. */
export async function fuzzRoute(
  baseUrl: string,
  route: Omit<InventoryRoute, 'access'>,
  options: FuzzRouteOptions,
): Promise<{ problems: string[]; figures: FuzzFigures }> {
  const problems: string[] = [];
  const figures: FuzzFigures = { cases: 0, status5xx: 0, statuses: {} };
  await fc.assert(
    fc.asyncProperty(badRequests(route, options), async request => {
      const res = await rawRequest(baseUrl, request).catch(e => {
        // a request line and headers past Node's limit: the server answers 431 and closes the
        // connection, which can reset it while the client still writes
        const size = Object.entries(request.headers ?? {}).reduce((n, [k, v]) => n + k.length + v.length, request.path.length);
        if (size > 16 * 1024 && /ECONNRESET|EPIPE/.test(String(e?.code ?? e))) {
          return { status: 431, headers: {}, text: '' };
        }
        throw e;
      });
      figures.cases++;
      figures.statuses[res.status] = (figures.statuses[res.status] ?? 0) + 1;
      const what = `${request.method} ${request.path.slice(0, 200)} [${JSON.stringify(request.headers).slice(0, 200)}] ${String(request.body ?? '').slice(0, 200)}`;
      if (res.status >= 500) {
        figures.status5xx++;
        problems.push(`${res.status} for ${what}: ${res.text.slice(0, 300)}`);
      }
      const shape = backstageErrorShapeProblem(res, { protocol: options.protocolStatuses?.includes(res.status) });
      if (shape) problems.push(`error not in Backstage's shape for ${what}: ${shape}`);
      if (route.method !== 'GET' && res.status < 400) {
        problems.push(`bad input accepted (${res.status}) by ${what}: ${res.text.slice(0, 300)}`);
      }
      return true;
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  problems.push(...(await checkPageSizes(baseUrl, route, options)));
  return { problems, figures };
}
