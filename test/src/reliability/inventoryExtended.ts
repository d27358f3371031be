/**
 * The route inventory of the slb, builds and observability plugins, derived from their OpenAPI
 * documents (`plugins/<p>-backend/src/schema/openapi.yaml`, which their typed routers serve):
 * method, path, query parameters and body fields as the documents say, and who may call each
 * route from {@link EXTENDED_ACCESS}, written by hand. `fuzz-extended.test.ts` checks it both ways
 * against the routes the running backend serves, and that every documented operation has its
 * access written down here (and nothing here is undocumented). The roles are what the routers'
 * permissions check, verified over HTTP by matrix-extended.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { FieldType, InventoryRoute, membersRoutes, Role } from './inventory';

// eslint-disable-next-line no-restricted-syntax -- test sources run from the repository, never bundled
const ROOT = path.resolve(__dirname, '../../..');

/** Who may call a route of the extended plugins. */
export type ExtendedAccess =
  | Exclude<InventoryRoute['access'], { kind: 'resource' }>
  /** A resource: `role` is the weakest role that may call it (non-members get 404). */
  | { kind: 'resource'; resource: 'app' | 'build-config'; role: Role }
  /** Platform admins only; everyone else gets 404 (cell evacuation). */
  | { kind: 'admin' };

/** One route of the extended inventory. */
export interface ExtendedRoute extends Omit<InventoryRoute, 'access'> {
  access: ExtendedAccess;
}

const app = (role: Role): ExtendedAccess => ({ kind: 'resource', resource: 'app', role });
const config = (role: Role): ExtendedAccess => ({ kind: 'resource', resource: 'build-config', role });
const signedIn: ExtendedAccess = { kind: 'signed-in' };
const admin: ExtendedAccess = { kind: 'admin' };
const unauthenticated: ExtendedAccess = { kind: 'unauthenticated' };

/** Fields of domainUpdateRequestSchema (slb-common), and those only a creation takes. */
const DOMAIN_BODY: Record<string, FieldType> = {
  aliases: 'array',
  locations: 'array',
  timeouts: 'object',
  headers: 'object',
  tlsCertificate: 'string',
};
const DOMAIN_OWN: Record<string, FieldType> = { name: 'string', group: 'string', app: 'string' };

/**
 * Access per route (`METHOD /api/<plugin>/<path>`), and whether bad input sent with the seeded
 * names could change something (`destructive`: the fuzzer then never sends them).
 */
export const EXTENDED_ACCESS: Record<
  string,
  { access: ExtendedAccess; destructive?: boolean; body?: Record<string, FieldType> }
> = {
  // ---- slb: load balancer groups, domains, cell evacuation ------------------------------------
  'GET /api/slb/groups': { access: signedIn },
  'GET /api/slb/domains': { access: signedIn },
  // the document leaves domain bodies to the zod schemas of @cellport/plugin-slb-common
  'POST /api/slb/domains': { access: app('master'), body: { ...DOMAIN_OWN, ...DOMAIN_BODY } },
  'GET /api/slb/domains/:name': { access: app('guest') },
  'PUT /api/slb/domains/:name': { access: app('master'), body: DOMAIN_BODY },
  'DELETE /api/slb/domains/:name': { access: app('master'), destructive: true },
  // platform admins only: the app's members get 403 (matrixExtended.ts), strangers 404
  'PUT /api/slb/domains/:name/directives': { access: app('guest') },
  'GET /api/slb/evacuations': { access: admin },
  'POST /api/slb/evacuations': { access: admin },
  'POST /api/slb/evacuations/plan': { access: admin },
  'GET /api/slb/evacuations/:id': { access: admin },
  'POST /api/slb/evacuations/:id/restore': { access: admin, destructive: true },
  // the admin view: LB special configuration across domains (404 for everyone else, services too)
  'GET /api/slb/admin/special-configs': { access: admin },
  // ---- builds: build configs, builds, agents, push webhooks -----------------------------------
  'GET /api/builds/configs': { access: signedIn },
  'POST /api/builds/configs': { access: signedIn },
  'GET /api/builds/configs/:name': { access: config('guest') },
  'PATCH /api/builds/configs/:name': { access: config('master') },
  'DELETE /api/builds/configs/:name': { access: config('owner'), destructive: true },
  'GET /api/builds/configs/:name/webhooks': { access: config('master') },
  // a new secret replaces the working one: the fuzzer never sends it with the seeded names
  'POST /api/builds/configs/:name/webhooks/rotate': { access: config('master'), destructive: true },
  'GET /api/builds/configs/:name/builds': { access: config('guest') },
  'POST /api/builds/configs/:name/builds': { access: config('developer') },
  'GET /api/builds/configs/:name/builds/:number': { access: config('guest') },
  'POST /api/builds/configs/:name/builds/:number/cancel': { access: config('developer'), destructive: true },
  'GET /api/builds/configs/:name/builds/:number/log': { access: config('reporter') },
  'GET /api/builds/agents': { access: signedIn },
  // the admin view: builds per day and the latest failed builds (404 for everyone else, services too)
  'GET /api/builds/admin/operations': { access: admin },
  'POST /api/builds/webhooks/:name/:platform': { access: unauthenticated },
  // ---- observability: dashboards, alert rules and history, SkyWalking, Alertmanager -----------
  'GET /api/observability/apps/:app/dashboard': { access: app('reporter') },
  'GET /api/observability/apps/:app/alerts/rules': { access: app('reporter') },
  'POST /api/observability/apps/:app/alerts/rules': { access: app('master') },
  'PUT /api/observability/apps/:app/alerts/rules/:ruleId': { access: app('master') },
  'DELETE /api/observability/apps/:app/alerts/rules/:ruleId': { access: app('master'), destructive: true },
  'GET /api/observability/apps/:app/alerts/history': { access: app('reporter') },
  'GET /api/observability/apps/:app/skywalking/topology': { access: app('reporter') },
  'GET /api/observability/apps/:app/skywalking/traces': { access: app('reporter') },
  'GET /api/observability/apps/:app/skywalking/traces/:traceId': { access: app('reporter') },
  'GET /api/observability/apps/:app/skywalking/endpoints': { access: app('reporter') },
  'POST /api/observability/alertmanager/webhook': { access: unauthenticated },
};

/** An OpenAPI schema's field type, as the fuzzer knows them. */
function fieldType(schema: any): FieldType {
  if (Array.isArray(schema?.enum)) return 'enum';
  switch (schema?.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    default:
      return 'string';
  }
}

/** Follows `$ref`s and merges `allOf`s of `schema` in `doc`. */
function resolve(doc: any, schema: any): any {
  if (schema?.$ref) {
    const target = String(schema.$ref)
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: any, k: string) => o?.[k], doc);
    return resolve(doc, target);
  }
  if (Array.isArray(schema?.allOf)) {
    const parts = schema.allOf.map((s: any) => resolve(doc, s));
    return { type: 'object', properties: Object.assign({}, ...parts.map((p: any) => p.properties ?? {})) };
  }
  return schema;
}

/** The documented operations of a plugin, as inventory routes without access. */
export function documentedRoutes(plugin: string): Array<Omit<InventoryRoute, 'access'>> {
  const file = path.join(ROOT, `plugins/${plugin}-backend/src/schema/openapi.yaml`);
  const doc: any = yaml.load(fs.readFileSync(file, 'utf8'));
  const out: Array<Omit<InventoryRoute, 'access'>> = [];
  for (const [p, ops] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = [...(ops.parameters ?? []), ...(op.parameters ?? [])].map(x => resolve(doc, x));
      const query = Object.fromEntries(
        params.filter(x => x.in === 'query').map(x => [x.name, fieldType(resolve(doc, x.schema))]),
      );
      const schema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
      const body = schema
        ? Object.fromEntries(
            Object.entries<any>(schema.properties ?? {}).map(([k, s]) => [k, fieldType(resolve(doc, s))]),
          )
        : undefined;
      out.push({
        method: method.toUpperCase() as InventoryRoute['method'],
        path: `/api/${plugin}${p.replace(/\{([^}]+)\}/g, ':$1')}`,
        ...(Object.keys(query).length ? { query } : {}),
        ...(body ? { body } : {}),
      });
    }
  }
  return out;
}

/**
 * Routes a plugin serves beside its document: the members routes of the access library, which
 * the builds plugin mounts for build configs (roles, transfer, visibility, activity).
 */
export const LIBRARY_ROUTES: Record<string, ExtendedRoute[]> = {
  // a build config has no visibility: PUT visibility refuses every member with a 400 saying so
  builds: membersRoutes('/api/builds/configs/:name', config, { visibility: false }),
};

/**
 * The extended plugins' routes: documented ones with their access (a missing entry throws), and
 * the access library's.
 */
export function extendedInventory(plugins: readonly string[]): ExtendedRoute[] {
  return plugins.flatMap(plugin => [
    ...documentedRoutes(plugin).map(route => {
      const key = `${route.method} ${route.path}`;
      const entry = EXTENDED_ACCESS[key];
      if (!entry) {
        throw new Error(`${key} is documented but not in EXTENDED_ACCESS (inventoryExtended.ts): say who may call it`);
      }
      return { ...route, ...entry, body: entry.body ?? route.body };
    }),
    ...(LIBRARY_ROUTES[plugin] ?? []),
  ]);
}
