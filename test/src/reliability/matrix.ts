/**
 * The permission matrix: for every route of the inventory and every kind of caller, the request
 * the matrix sends (one that reaches the route but cannot change anything: a body of wrong types,
 * a sub-resource that does not exist) and the statuses it must get. Non-members get 404 for a
 * resource, never 403; members whose role is too weak get 403; no credentials get 401.
 */
import { versionSpec } from '../cells/api';
import { PEOPLE } from './backend';
import { FieldType, InventoryRoute, Role, ROLES } from './inventory';

/** The callers of the matrix. */
export const CALLERS = [
  'non-member',
  'guest',
  'reporter',
  'developer',
  'master',
  'owner',
  'platform admin',
  'service principal',
  'no credentials',
] as const;
/** One caller of the matrix. */
export type Caller = (typeof CALLERS)[number];

/** The service the matrix calls as (any plugin but the builds plugin). */
export const SERVICE = 'plugin:scaffolder';

/** The identity behind a caller: a user ref, a service subject, or none. */
export function identityOf(caller: Caller): string | undefined {
  switch (caller) {
    case 'non-member':
      return PEOPLE.nonMember;
    case 'platform admin':
      return PEOPLE.admin;
    case 'service principal':
      return SERVICE;
    case 'no credentials':
      return undefined;
    default:
      return PEOPLE[caller];
  }
}

/** A deterministic value of the wrong type for a field. */
export function wrongTyped(type: FieldType): unknown {
  return type === 'string' || type === 'enum' ? 42 : `not-a-${type}`;
}

/** Path parameters of the matrix: the seeded resources, and sub-resources that do not exist. */
const PARAMS: Record<string, string> = {
  app: 'shop',
  group: 'team',
  name: 'app',
  cell: 'rel-1',
  version: 'v1',
  // sub-resources the matrix must not change: names nothing has
  id: '00000000-0000-4000-8000-000000000000',
  pod: 'no-such-pod',
  robot: 'no-such-robot',
  tag: 'no-such-tag',
  member: PEOPLE.nonMember,
};

/** Per route, parameters that differ from {@link PARAMS} (so the request changes nothing). */
const PARAM_OVERRIDES: Record<string, Record<string, string>> = {
  'DELETE /api/cells/apps/:app/versions/:version': { version: 'no-such-version' },
  'POST /api/cells/apps/:app/cells/:cell/sync': { cell: 'no-such-cell' },
};

/**
 * Valid bodies, sent to callers who must be refused: a refusal then proves the permission check,
 * whatever order a route validates and authorizes in (a bad body could be refused for its shape).
 */
const VALID_BODIES: Record<string, unknown> = {
  'PATCH /api/cells/apps/:app': { description: 'matrix' },
  'POST /api/cells/apps/:app/cells': { cell: 'rel-1' },
  'POST /api/cells/apps/:app/versions': { name: 'v9', spec: versionSpec({ 'rel-1': 1 }) },
  'POST /api/cells/apps/:app/versions/:version/scale': { cell: 'rel-1', replicas: 1 },
  'POST /api/cells/apps/:app/releases': { version: 'v1', steps: [{ cells: ['rel-1'], canary: { percent: 100 } }] },
  'POST /api/cells/apps/:app/releases/:id/actions': { action: 'pause' },
  'POST /api/registry/build-tokens': { repository: 'team/app', build: 'b1' },
  'PUT /api/cells/scaling/apps/:app/cells/:cell': { version: 'v1', replicas: 1, reason: 'matrix' },
  'POST /api/registry/groups': { name: 'matrix' },
  'POST /api/registry/tokens': { name: 'matrix', expiresInDays: 1 },
  'PATCH /api/registry/groups/:group': { description: 'matrix' },
  'POST /api/registry/groups/:group/repositories': { name: 'matrix' },
  'POST /api/registry/groups/:group/robots': { name: 'matrix', scopes: [{ repository: 'app', actions: ['pull'] }] },
  'PATCH /api/registry/repositories/:group/:name': { description: 'matrix' },
  'PUT /api/registry/groups/:group/visibility': { visibility: 'private' },
  'PUT /api/registry/repositories/:group/:name/visibility': { visibility: 'private' },
};
const MEMBER_BODIES: Record<string, unknown> = {
  'POST /members': { member: PEOPLE.nonMember, role: 'guest' },
  'PUT /members/:member': { role: 'guest' },
  'POST /transfer': { newOwner: PEOPLE.nonMember },
  'PUT /visibility': { visibility: 'private' },
};

export function validBody(route: Omit<InventoryRoute, 'access'>): unknown {
  const key = `${route.method} ${route.path}`;
  if (key in VALID_BODIES) return VALID_BODIES[key];
  const member = Object.keys(MEMBER_BODIES).find(k => {
    const [method, tail] = k.split(' ');
    return route.method === method && route.path.endsWith(tail);
  });
  return member ? MEMBER_BODIES[member] : undefined;
}

/**
 * The request the matrix sends for `route`: the seeded resources, sub-resources that do not exist;
 * a body of wrong types (answered 400 once the caller is let through), or a valid one for a caller
 * who must be refused. `resource` replaces the route's own resource name (non-existing resources).
 */
export function matrixRequest(
  route: InventoryRoute,
  options: { refused?: boolean; resource?: string } = {},
): { path: string; body?: string } {
  const overrides = PARAM_OVERRIDES[`${route.method} ${route.path}`] ?? {};
  const own = route.access.kind === 'resource' ? ownParam(route) : undefined;
  const path = route.path.replace(/:([a-zA-Z]+)/g, (_m, name: string) =>
    encodeURIComponent(name === own && options.resource ? options.resource : overrides[name] ?? PARAMS[name]),
  );
  if (!route.body) {
    return { path };
  }
  const valid = options.refused ? validBody(route) : undefined;
  const body = valid ?? Object.fromEntries(Object.entries(route.body).map(([k, t]) => [k, wrongTyped(t)]));
  return { path, body: JSON.stringify(body) };
}

/** The path parameter naming a resource route's own resource. */
function ownParam(route: InventoryRoute): string {
  if (route.access.kind !== 'resource') return '';
  return { app: 'app', 'image-group': 'group', 'image-repository': 'name' }[route.access.resource];
}

/**
 * Registry portal routes serve users only (a service principal is refused); the members routes
 * of the access library, mounted there too, serve services as well.
 */
function refusesServices(route: InventoryRoute): boolean {
  return (
    route.path.startsWith('/api/registry/') &&
    !/\/members(\/:member)?$|\/transfer$/.test(route.path)
  );
}

/** What an allowed caller gets: 200 for reads, 400 for a bad body, 404 for a missing sub-resource. */
function allowedStatuses(route: InventoryRoute): number[] {
  if (route.body) {
    return [400];
  }
  if (route.method !== 'GET' || /:(id|pod)\b/.test(route.path)) {
    return [404];
  }
  return [200];
}

const rank = (role: Role) => ROLES.indexOf(role);

/** The statuses `caller` may get from the matrix request of `route`. */
export function expectedStatuses(route: InventoryRoute, caller: Caller): number[] {
  const access = route.access;
  if (access.kind === 'unauthenticated') {
    // the token endpoint answers anyone (anonymous gets an empty grant); the registry's
    // notifications need their secret, which no caller of the matrix has
    // (a Backstage token is no HTTP Basic credential: 401 with the registry's challenge)
    if (route.path.endsWith('/token')) {
      return caller === 'no credentials' ? [200] : [401];
    }
    return [401];
  }
  if (caller === 'no credentials') {
    return [401];
  }
  if (access.kind === 'admin') {
    // the admin routes do not exist for anyone else, services included
    return caller === 'platform admin' ? allowedStatuses(route) : [404];
  }
  if (caller === 'service principal' && refusesServices(route)) {
    return [403];
  }
  if (access.kind === 'any-service') {
    return caller === 'service principal' ? allowedStatuses(route) : [403];
  }
  if (access.kind === 'service') {
    // the builds plugin only: users and other services are refused
    return [403];
  }
  if (access.kind === 'own') {
    return caller === 'service principal' ? [403] : allowedStatuses(route);
  }
  if (access.kind === 'signed-in') {
    return allowedStatuses(route);
  }
  if (caller === 'platform admin' || caller === 'service principal') {
    return allowedStatuses(route);
  }
  if (caller === 'non-member') {
    return [404];
  }
  return rank(caller) >= rank(access.role) ? allowedStatuses(route) : [403];
}

/** Whether the matrix may send `route`'s request as `caller` (a destructive request it may not). */
export function mayProbe(route: InventoryRoute, caller: Caller): boolean {
  // deleting the seeded app, group or repository is checked on resources of its own
  const deletesSeeded =
    route.method === 'DELETE' &&
    /\/(apps\/:app|groups\/:group|repositories\/:group\/:name)$/.test(route.path);
  const refused =
    caller === 'non-member' ||
    expectedStatuses(route, caller).every(s => s === 401 || s === 403);
  return !deletesSeeded || refused;
}
