/**
 * The permission matrix of the slb, builds and observability plugins (matrix.ts for cells and
 * registry): per route of the extended inventory and caller, the request sent (one that reaches
 * the route but cannot change anything) and the statuses it must get. Non-members get 404 for a
 * resource, never 403; members whose role is too weak get 403; no credentials get 401; the slb
 * and observability routes and the builds routes that change things serve users only (a service
 * principal gets 403); cell evacuation exists for platform admins only (404 for everyone else), and
 * the admin view's routes (`/admin/...`) for them only, services included.
 */
import { PEOPLE } from './backend';
import { ROLES } from './inventory';
import { ExtendedRoute } from './inventoryExtended';
import { Caller, validBody, wrongTyped } from './matrix';
import { SEEDED_DOMAIN } from './seedExtended';

/** Path parameters per plugin: the seeded resources, and sub-resources that do not exist. */
const PARAMS: Record<string, Record<string, string>> = {
  slb: { name: SEEDED_DOMAIN, id: '00000000-0000-4000-8000-000000000000' },
  builds: { name: 'app', number: '999999', platform: 'github', member: PEOPLE.nonMember },
  observability: { app: 'shop', ruleId: 'no-such-rule', traceId: 'no-such-trace' },
};

const location = { path: '/', app: 'shop', port: 8080 };
/** Valid bodies, sent to callers who must be refused (a refusal then proves the permission check). */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/slb/domains': { name: 'matrix.example.test', group: 'rel-public', app: 'shop', locations: [location] },
  'PUT /api/slb/domains/:name': { locations: [location] },
  'PUT /api/slb/domains/:name/directives': { extraDirectives: 'gzip on;' },
  'POST /api/slb/evacuations': { cell: 'rel-1' },
  'POST /api/slb/evacuations/plan': { cell: 'rel-1' },
  'POST /api/builds/configs': { name: 'matrix', repositoryUrl: 'http://127.0.0.1:9/git/m.git', imageRepository: 'team/app' },
  'PATCH /api/builds/configs/:name': { branch: 'matrix' },
  'POST /api/builds/configs/:name/builds': {},
  'POST /api/observability/apps/:app/alerts/rules': { name: 'matrix', metric: 'cpu', threshold: 1, for: '5m' },
  'PUT /api/observability/apps/:app/alerts/rules/:ruleId': { name: 'matrix', metric: 'cpu', threshold: 1, for: '5m' },
};

/** Routes of a resource whose members all get 403 (platform admins only: extra Nginx directives). */
const ADMIN_ON_RESOURCE = new Set(['PUT /api/slb/domains/:name/directives']);

/** Builds routes that take a service principal (`allow: ['user', 'service']`), and the library's. */
function servesServices(route: ExtendedRoute): boolean {
  if (!route.path.startsWith('/api/builds/')) return false;
  if (/\/(members(\/:member)?|transfer|visibility)$/.test(route.path)) return true;
  return route.method === 'GET' && route.path !== '/api/builds/agents';
}

/** The path parameter naming a resource route's own resource (undefined: the body names it). */
export function ownParam(route: ExtendedRoute): string | undefined {
  if (route.access.kind !== 'resource') return undefined;
  if (route.path.startsWith('/api/slb/domains/')) return 'name';
  if (route.path.startsWith('/api/builds/configs/')) return 'name';
  if (route.path.startsWith('/api/observability/apps/')) return 'app';
  return undefined;
}

/** The matrix request of `route` (see matrix.ts's `matrixRequest`). */
export function extendedMatrixRequest(
  route: ExtendedRoute,
  options: { refused?: boolean; resource?: string } = {},
): { path: string; body?: string } {
  const params = PARAMS[route.path.split('/')[2]];
  const own = ownParam(route);
  const path = route.path.replace(/:([a-zA-Z]+)/g, (_m, name: string) =>
    encodeURIComponent(name === own && options.resource ? options.resource : params[name]),
  );
  if (!route.body) {
    return { path };
  }
  const key = `${route.method} ${route.path}`;
  const valid = options.refused ? (VALID_BODIES[key] ?? validBody(route)) : undefined;
  const body = valid ?? Object.fromEntries(Object.entries(route.body).map(([k, t]) => [k, wrongTyped(t)]));
  return { path, body: JSON.stringify(body) };
}

/** Actions without a body on the seeded resource itself, which an allowed caller performs (200). */
const BODILESS_ACTIONS = new Set(['POST /api/builds/configs/:name/webhooks/rotate']);

/** What an allowed caller gets: 200 for reads, 400 for a bad body, 404 for a missing sub-resource. */
function allowedStatuses(route: ExtendedRoute): number[] {
  if (route.body) return [400];
  if (BODILESS_ACTIONS.has(`${route.method} ${route.path}`)) return [200];
  if (route.method !== 'GET' || /:(id|number|ruleId|traceId)\b/.test(route.path)) return [404];
  return [200];
}

const rank = (role: string) => ROLES.indexOf(role as (typeof ROLES)[number]);

/** The statuses `caller` may get from the matrix request of `route`. */
export function extendedExpectedStatuses(route: ExtendedRoute, caller: Caller): number[] {
  const access = route.access;
  if (access.kind === 'unauthenticated') {
    // push and Alertmanager webhooks authenticate with their own secret, which no caller has
    return [401];
  }
  if (caller === 'no credentials') return [401];
  // the admin view's routes (`/admin/...`) do not exist for anyone but platform admins, services included
  if (access.kind === 'admin' && route.path.includes('/admin/')) {
    return caller === 'platform admin' ? allowedStatuses(route) : [404];
  }
  if (caller === 'service principal' && !servesServices(route)) return [403];
  if (access.kind === 'admin') {
    return caller === 'platform admin' ? allowedStatuses(route) : [404];
  }
  if (access.kind === 'any-service') {
    return caller === 'service principal' ? allowedStatuses(route) : [403];
  }
  if (access.kind === 'signed-in' || access.kind === 'own' || access.kind === 'service') {
    return allowedStatuses(route);
  }
  if (caller === 'platform admin' || caller === 'service principal') return allowedStatuses(route);
  if (caller === 'non-member') return [404];
  if (ADMIN_ON_RESOURCE.has(`${route.method} ${route.path}`)) return [403];
  return rank(caller) >= rank(access.role) ? allowedStatuses(route) : [403];
}

/** Whether the matrix may send `route`'s request as `caller` (deleting the seeded things it may not). */
export function extendedMayProbe(route: ExtendedRoute, caller: Caller): boolean {
  const deletesSeeded = route.method === 'DELETE' && /\/(domains|configs)\/:name$/.test(route.path);
  const refused = caller === 'non-member' || extendedExpectedStatuses(route, caller).every(s => s === 401 || s === 403);
  return !deletesSeeded || refused;
}
