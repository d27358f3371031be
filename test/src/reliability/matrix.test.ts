/**
 * The permission matrix over HTTP, on SQLite and on PostgreSQL (the suite's server, from
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING): every route of the inventory × every
 * caller (non-member, Guest, Reporter, Developer, Master, Owner, platform admin, a service
 * principal, no credentials) gets the status matrix.ts says, against the real cells and registry
 * plugins. A non-member's answers (lists, search, a cell's status included) never name the seeded
 * app, group or repository, and a resource's answer equals a missing one's. No answer holds a secret but the one that created it (personal access token and robot
 * secrets, the cells' tokens, the registry's webhook secret and signing key). Deleting the seeded
 * app, group and repository, which the matrix cannot send to callers who may, is checked on
 * resources of their own. Prints the figures.
 */
import { postgresConnectionString } from '../cells/harness';
import { authHeader, DatabaseChoice, PEOPLE, ReliabilityBackend, serviceHeader, startReliabilityBackend } from './backend';
import { rawRequest } from './http';
import { INVENTORY, routeKey } from './inventory';
import { CALLERS, expectedStatuses, identityOf, matrixRequest, mayProbe, SERVICE } from './matrix';
import { call, seed, Seeded } from './seed';

jest.setTimeout(20 * 60_000);

const pg = postgresConnectionString();
if (!pg && process.env.CI) {
  throw new Error('CI requires PostgreSQL for the permission matrix (npm test sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING)');
}
const DATABASES: Array<[string, DatabaseChoice]> = [
  ['SQLite', { kind: 'sqlite' }],
  ...(pg ? [['PostgreSQL', { kind: 'postgres', connectionString: pg }] as [string, DatabaseChoice]] : []),
];

function headersOf(caller: (typeof CALLERS)[number], path: string) {
  const identity = identityOf(caller);
  if (identity === SERVICE) {
    return serviceHeader(SERVICE, path.split('/')[2]);
  }
  return authHeader(identity);
}

describe.each(DATABASES)('permission matrix on %s', (database, choice) => {
  let backend: ReliabilityBackend;
  let seeded: Seeded;

  beforeAll(async () => {
    backend = await startReliabilityBackend(choice);
    seeded = await seed(backend);
  }, 300_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('gives every caller of every route its status, and no answer holds a secret', async () => {
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let checked = 0;
    let skipped = 0;
    const secrets = [...seeded.secrets, ...backend.configSecrets];
    const send = (route: (typeof INVENTORY)[number], caller: (typeof CALLERS)[number], request: { path: string; body?: string }) =>
      rawRequest(backend.url, {
        method: route.method,
        path: request.path,
        headers: {
          ...headersOf(caller, request.path),
          ...(request.body ? { 'content-type': 'application/json' } : {}),
        },
        body: request.body,
      });
    // an error message with the resource's name taken out
    const generic = (text: string, name: string) => text.split(name).join('<name>');
    for (const route of INVENTORY) {
      for (const caller of CALLERS) {
        if (!mayProbe(route, caller)) {
          skipped++;
          continue;
        }
        const expected = expectedStatuses(route, caller);
        const refused = expected.every(s => s === 403 || s === 404);
        const request = matrixRequest(route, { refused });
        const res = await send(route, caller, request);
        checked++;
        if (!expected.includes(res.status)) {
          mismatches.push(`${routeKey(route)} as ${caller}: ${res.status} (expected ${expected.join(' or ')}) ${res.text.slice(0, 160)}`);
        }
        // lists, counts and search answer a non-member as if the seeded resources did not exist
        const named = ['"shop"', '"team"', '"team/app"', '/shop', 'shop-v1'].filter(n => res.text.includes(n));
        if (caller === 'non-member' && res.status < 300 && named.length) {
          leaks.push(`${routeKey(route)} shows a non-member ${named.join(', ')}`);
        }
        if (caller === 'non-member' && route.access.kind === 'resource') {
          // a non-member learns nothing: the answer for an existing resource is the answer for
          // one that does not exist
          const missing = matrixRequest(route, { refused, resource: 'no-such-thing' });
          const other = await send(route, caller, missing);
          const name = { app: 'shop', 'image-group': 'team', 'image-repository': 'app' }[route.access.resource];
          if (other.status !== res.status || generic(other.json?.error?.message ?? '', 'no-such-thing') !== generic(res.json?.error?.message ?? '', name)) {
            mismatches.push(`${routeKey(route)} tells a non-member the resource exists: ${res.status} ${res.json?.error?.message} vs ${other.status} ${other.json?.error?.message}`);
          }
        }
        const leaked = secrets.filter(s => s && res.text.includes(s));
        if (leaked.length) {
          leaks.push(`${routeKey(route)} as ${caller} holds ${leaked.length} secret(s)`);
        }
      }
    }
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ suite: 'permission-matrix', database, routes: INVENTORY.length, callers: CALLERS.length, cellsChecked: checked, destructiveCellsCheckedSeparately: skipped, mismatches: mismatches.length, leaks: leaks.length }));
    expect({ mismatches, leaks }).toEqual({ mismatches: [], leaks: [] });
  });

  it('lets the owner and a platform admin delete an app, an image group and a repository', async () => {
    const owner = PEOPLE.owner;
    for (const [who, caller] of [['owner', owner], ['admin', PEOPLE.admin]] as const) {
      const app = `gone-${who}`;
      await call(backend, owner, 'POST', '/api/cells/apps', { name: app, cells: ['rel-1'] }, 201);
      await call(backend, caller, 'DELETE', `/api/cells/apps/${app}`, undefined, 204);
      await call(backend, owner, 'GET', `/api/cells/apps/${app}`, undefined, 404);
      await call(backend, owner, 'POST', '/api/registry/groups', { name: app }, 201);
      await call(backend, owner, 'POST', `/api/registry/groups/${app}/repositories`, { name: 'r' }, 201);
      await call(backend, caller, 'DELETE', `/api/registry/repositories/${app}/r`, undefined, 204);
      await call(backend, caller, 'DELETE', `/api/registry/groups/${app}`, undefined, 204);
      await call(backend, owner, 'GET', `/api/registry/groups/${app}`, undefined, 404);
    }
    // and the seeded ones are still there for everyone else
    expect((await call(backend, owner, 'GET', '/api/cells/apps/shop', undefined, 200)).name).toBe('shop');
  });
});
