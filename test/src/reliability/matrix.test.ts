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
import { PEOPLE, ReliabilityBackend, startReliabilityBackend } from './backend';
import { INVENTORY } from './inventory';
import { CALLERS, expectedStatuses, matrixRequest, mayProbe } from './matrix';
import { matrixDatabases, runMatrix } from './matrixRun';
import { call, seed, Seeded } from './seed';

jest.setTimeout(20 * 60_000);

const DATABASES = matrixDatabases();

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
    const { mismatches, leaks, checked, skipped } = await runMatrix(backend, {
      routes: INVENTORY,
      mayProbe,
      expectedStatuses,
      request: matrixRequest,
      resourceName: route =>
        route.access.kind === 'resource'
          ? { app: 'shop', 'image-group': 'team', 'image-repository': 'app' }[route.access.resource]
          : undefined,
      seededNames: ['"shop"', '"team"', '"team/app"', '/shop', 'shop-v1'],
      secrets: [...seeded.secrets, ...backend.configSecrets].map(s => ['secret', s] as [string, string]),
    });
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
