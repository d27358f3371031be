/**
 * The route inventory: every route the Cellport backend plugins serve (cells, registry and the
 * members routes of the access library they mount), with what the suites need to know about it:
 * who may call it (the permission it checks and the role it takes), its path parameters, query and
 * body fields. `inventory.test.ts` compares it with the routes the running backend serves, both
 * ways, so a new route fails the suite until it is described here (and so fuzzed and checked in
 * the permission matrix).
 */

/** The roles of a resource, weakest first (GitLab style). */
export const ROLES = ['guest', 'reporter', 'developer', 'master', 'owner'] as const;
/** A role on a resource. */
export type Role = (typeof ROLES)[number];

/** What a body or query field holds (the fuzzer sends anything else). */
export type FieldType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'enum';

/** Who a route is for. */
export type RouteAccess =
  /** Any signed-in user; no resource involved (lists are filtered, creations make an owner). */
  | { kind: 'signed-in' }
  /** A resource route: `role` is the weakest role that may call it (non-members get 404). */
  | { kind: 'resource'; resource: 'app' | 'image-group' | 'image-repository'; role: Role }
  /** The caller's own things (personal access tokens). */
  | { kind: 'own' }
  /** Backstage service principals only (another plugin's backend). */
  | { kind: 'service' }
  /** Any backend plugin's service principal; users get 403 (cells scaling and traffic shares). */
  | { kind: 'any-service' }
  /** Opened with `addAuthPolicy`: authenticated by its own means (HTTP Basic, a bearer secret). */
  | { kind: 'unauthenticated' }
  /** The admin view: platform admins only; everyone else (services too) gets 404. */
  | { kind: 'admin' };

/** One route of the inventory. */
export interface InventoryRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As served, e.g. `/api/cells/apps/:app`. */
  path: string;
  access: RouteAccess;
  /** Known query parameters. */
  query?: Record<string, FieldType>;
  /** Body fields; a route with `body` takes a JSON object and refuses a body that is not one. */
  body?: Record<string, FieldType>;
  /**
   * True when a request with the seeded path parameters and no valid body could change
   * something (a DELETE, an action without a body): the fuzzer then never sends the seeded names.
   */
  destructive?: boolean;
}

const app = (role: Role): RouteAccess => ({ kind: 'resource', resource: 'app', role });
const group = (role: Role): RouteAccess => ({
  kind: 'resource',
  resource: 'image-group',
  role,
});
const repo = (role: Role): RouteAccess => ({
  kind: 'resource',
  resource: 'image-repository',
  role,
});
const signedIn: RouteAccess = { kind: 'signed-in' };
const admin: RouteAccess = { kind: 'admin' };

const activityQuery: Record<string, FieldType> = { limit: 'number', before: 'string' };
const memberBody: Record<string, FieldType> = { member: 'string', role: 'enum' };

/** The members routes of the access library, mounted below `base` for `access(role)`. */
export function membersRoutes<A = RouteAccess>(
  base: string,
  access: (role: Role) => A,
  options: { visibility: boolean } = { visibility: true },
): Array<Omit<InventoryRoute, 'access'> & { access: A }> {
  return [
    {
      method: 'GET',
      path: `${base}/members`,
      access: access('guest'),
      query: { limit: 'number', cursor: 'string' },
    },
    { method: 'POST', path: `${base}/members`, access: access('master'), body: memberBody },
    {
      method: 'PUT',
      path: `${base}/members/:member`,
      access: access('master'),
      body: { role: 'enum' },
    },
    {
      method: 'DELETE',
      path: `${base}/members/:member`,
      access: access('master'),
      destructive: true,
    },
    {
      method: 'POST',
      path: `${base}/transfer`,
      access: access('owner'),
      body: { newOwner: 'string' },
    },
    {
      method: 'PUT',
      path: `${base}/visibility`,
      // a kind without visibility (apps) refuses every member with a 400 saying so
      access: access(options.visibility ? 'owner' : 'guest'),
      body: { visibility: 'enum' },
    },
    { method: 'GET', path: `${base}/activity`, access: access('reporter'), query: activityQuery },
  ];
}

const CELLS = '/api/cells';
const REGISTRY = '/api/registry';

/** Every Cellport route. */
export const INVENTORY: InventoryRoute[] = [
  // ---- cells: regions, cells, apps --------------------------------------------------------
  { method: 'GET', path: `${CELLS}/regions`, access: signedIn },
  { method: 'GET', path: `${CELLS}/cells/:cell`, access: signedIn },
  // ---- cells: for other backend plugins (slb: traffic shares, evacuation's scaling) ---------
  { method: 'GET', path: `${CELLS}/traffic-shares`, access: { kind: 'any-service' } },
  { method: 'GET', path: `${CELLS}/scaling/cells`, access: { kind: 'any-service' }, query: { region: 'string' } },
  { method: 'GET', path: `${CELLS}/scaling/apps/:app`, access: { kind: 'any-service' } },
  {
    method: 'PUT',
    path: `${CELLS}/scaling/apps/:app/cells/:cell`,
    access: { kind: 'any-service' },
    body: { version: 'string', replicas: 'number', reason: 'string' },
  },
  { method: 'GET', path: `${CELLS}/gate-sources`, access: signedIn },
  {
    method: 'GET',
    path: `${CELLS}/apps`,
    access: signedIn,
    query: { q: 'string', limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${CELLS}/apps`,
    access: signedIn,
    body: {
      name: 'string',
      description: 'string',
      production: 'boolean',
      cells: 'array',
      componentRef: 'string',
      imageRepository: 'string',
    },
  },
  { method: 'GET', path: `${CELLS}/apps/:app`, access: app('guest') },
  {
    method: 'PATCH',
    path: `${CELLS}/apps/:app`,
    access: app('master'),
    body: { description: 'string', cells: 'array', production: 'boolean' },
  },
  { method: 'DELETE', path: `${CELLS}/apps/:app`, access: app('owner'), destructive: true },
  {
    method: 'POST',
    path: `${CELLS}/apps/:app/cells`,
    access: app('master'),
    body: { cell: 'string', version: 'string', replicas: 'number' },
  },
  {
    method: 'GET',
    path: `${CELLS}/apps/:app/versions`,
    access: app('guest'),
    query: { limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${CELLS}/apps/:app/versions`,
    access: app('master'),
    body: { name: 'string', spec: 'object' },
  },
  {
    method: 'DELETE',
    path: `${CELLS}/apps/:app/versions/:version`,
    access: app('master'),
    destructive: true,
  },
  {
    method: 'POST',
    path: `${CELLS}/apps/:app/versions/:version/scale`,
    access: app('master'),
    body: { cell: 'string', replicas: 'number' },
  },
  { method: 'GET', path: `${CELLS}/apps/:app/overview`, access: app('guest') },
  { method: 'GET', path: `${CELLS}/apps/:app/events`, access: app('reporter') },
  {
    method: 'GET',
    path: `${CELLS}/apps/:app/cells/:cell/pods/:pod/log`,
    access: app('reporter'),
    query: { container: 'string', tailLines: 'number', previous: 'boolean' },
  },
  { method: 'GET', path: `${CELLS}/apps/:app/permissions`, access: app('guest') },
  ...membersRoutes(`${CELLS}/apps/:app`, app, { visibility: false }),
  // ---- cells: releases --------------------------------------------------------------------
  {
    method: 'GET',
    path: `${CELLS}/apps/:app/releases`,
    access: app('guest'),
    query: { limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${CELLS}/apps/:app/releases`,
    access: app('master'),
    body: { version: 'string', steps: 'array', onFailure: 'enum' },
  },
  {
    method: 'POST',
    path: `${CELLS}/apps/:app/cells/:cell/sync`,
    access: app('master'),
    destructive: true,
  },
  { method: 'GET', path: `${CELLS}/apps/:app/releases/:id`, access: app('guest') },
  {
    method: 'GET',
    path: `${CELLS}/apps/:app/releases/:id/events`,
    access: app('guest'),
    query: { after: 'number' },
  },
  {
    method: 'POST',
    path: `${CELLS}/apps/:app/releases/:id/actions`,
    access: app('master'),
    body: { action: 'enum', cell: 'string' },
  },
  // ---- registry: the token service and the registry's notifications -------------------------
  {
    method: 'GET',
    path: `${REGISTRY}/token`,
    access: { kind: 'unauthenticated' },
    query: { service: 'string', scope: 'string', account: 'string', client_id: 'string', offline_token: 'string' },
  },
  {
    method: 'POST',
    path: `${REGISTRY}/webhooks/registry`,
    access: { kind: 'unauthenticated' },
    body: { events: 'array' },
  },
  {
    method: 'POST',
    path: `${REGISTRY}/build-tokens`,
    access: { kind: 'service' },
    body: { repository: 'string', build: 'string' },
  },
  // ---- registry: image groups and repositories ---------------------------------------------
  {
    method: 'GET',
    path: `${REGISTRY}/groups`,
    access: signedIn,
    query: { limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${REGISTRY}/groups`,
    access: signedIn,
    body: { name: 'string', visibility: 'enum', description: 'string' },
  },
  { method: 'GET', path: `${REGISTRY}/groups/:group`, access: group('guest') },
  {
    method: 'PATCH',
    path: `${REGISTRY}/groups/:group`,
    access: group('master'),
    body: { visibility: 'enum', description: 'string' },
  },
  { method: 'DELETE', path: `${REGISTRY}/groups/:group`, access: group('owner'), destructive: true },
  {
    method: 'GET',
    path: `${REGISTRY}/groups/:group/repositories`,
    access: group('guest'),
    query: { limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${REGISTRY}/groups/:group/repositories`,
    access: group('developer'),
    body: { name: 'string', visibility: 'enum', description: 'string' },
  },
  ...membersRoutes(`${REGISTRY}/groups/:group`, group),
  {
    method: 'GET',
    path: `${REGISTRY}/groups/:group/robots`,
    access: group('master'),
    query: { limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${REGISTRY}/groups/:group/robots`,
    access: group('master'),
    body: { name: 'string', scopes: 'array', description: 'string', onBehalfOf: 'string' },
  },
  {
    method: 'DELETE',
    path: `${REGISTRY}/groups/:group/robots/:robot`,
    access: group('master'),
    destructive: true,
  },
  {
    method: 'GET',
    path: `${REGISTRY}/repositories`,
    access: signedIn,
    query: { q: 'string', limit: 'number', cursor: 'string' },
  },
  { method: 'GET', path: `${REGISTRY}/repositories/:group/:name`, access: repo('guest') },
  {
    method: 'PATCH',
    path: `${REGISTRY}/repositories/:group/:name`,
    access: repo('master'),
    body: { visibility: 'enum', description: 'string' },
  },
  {
    method: 'DELETE',
    path: `${REGISTRY}/repositories/:group/:name`,
    access: repo('owner'),
    destructive: true,
  },
  {
    method: 'GET',
    path: `${REGISTRY}/repositories/:group/:name/tags`,
    // the tags are part of what a Guest sees; pulling them takes a Reporter
    access: repo('guest'),
    query: { limit: 'number', last: 'string', cursor: 'string' },
  },
  {
    method: 'DELETE',
    path: `${REGISTRY}/repositories/:group/:name/tags/:tag`,
    access: repo('master'),
    destructive: true,
  },
  ...membersRoutes(`${REGISTRY}/repositories/:group/:name`, repo),
  // ---- registry: personal access tokens ------------------------------------------------------
  {
    method: 'GET',
    path: `${REGISTRY}/tokens`,
    access: { kind: 'own' },
    query: { limit: 'number', cursor: 'string' },
  },
  {
    method: 'POST',
    path: `${REGISTRY}/tokens`,
    access: { kind: 'own' },
    body: { name: 'string', expiresInDays: 'number' },
  },
  { method: 'DELETE', path: `${REGISTRY}/tokens/:id`, access: { kind: 'own' }, destructive: true },
  // ---- the admin view: operations per day, capacity, quotas (platform admins only) ----------
  { method: 'GET', path: `${CELLS}/admin/operations`, access: admin, query: { days: 'number' } },
  { method: 'GET', path: `${CELLS}/admin/capacity`, access: admin },
  { method: 'GET', path: `${CELLS}/admin/quotas`, access: admin },
  {
    method: 'PUT',
    path: `${CELLS}/admin/quotas/:ownerGroup`,
    access: admin,
    body: { apps: 'number', cpuMillis: 'number', memoryBytes: 'number' },
  },
  { method: 'DELETE', path: `${CELLS}/admin/quotas/:ownerGroup`, access: admin, destructive: true },
  { method: 'GET', path: `${REGISTRY}/admin/operations`, access: admin, query: { days: 'number' } },
  { method: 'GET', path: `${REGISTRY}/admin/quotas`, access: admin },
  {
    method: 'PUT',
    path: `${REGISTRY}/admin/quotas/:ownerGroup`,
    access: admin,
    body: { imageGroups: 'number' },
  },
  { method: 'DELETE', path: `${REGISTRY}/admin/quotas/:ownerGroup`, access: admin, destructive: true },
];

/** Routes of Backstage itself on every plugin (auth cookie, JWKS, permission integration). */
export function isFrameworkRoute(path: string): boolean {
  // the OpenAPI document a typed router (@backstage/backend-openapi-utils) serves of itself
  return (
    /^\/api\/[^/]+\/\.(backstage|well-known)\//.test(path) ||
    /^\/api\/[^/]+\/openapi\.json$/.test(path)
  );
}

/** `METHOD path`. */
export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
