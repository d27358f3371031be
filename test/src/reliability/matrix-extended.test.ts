/**
 * The permission matrix over HTTP of the slb, builds and observability plugins, on SQLite and on
 * PostgreSQL (matrix.test.ts does cells and registry): every route of the extended inventory ×
 * every caller (non-member, Guest, Reporter, Developer, Master, Owner, platform admin, a service
 * principal, no credentials) gets the status matrixExtended.ts says, against the real plugins
 * (real etcd, Prometheus, the real permission backend with the Cellport policy). A non-member's
 * answers never name the seeded app, domain or build config, and a resource's answer equals a
 * missing one's. No answer holds a secret (the secret build argument, the build config's webhook
 * secret, the configuration's secrets): the webhook secret is in its creation answer and in a
 * rotation's only, and each rotation's new secret is checked the same way. Deleting the
 * seeded domain and build config, which the matrix cannot send to callers who may, is checked on
 * resources of their own. Prints the figures.
 */
import { PEOPLE, ReliabilityBackend, startReliabilityBackend } from './backend';
import { EXTENDED_PLUGINS } from './extended';
import { extendedInventory } from './inventoryExtended';
import { CALLERS } from './matrix';
import { extendedExpectedStatuses, extendedMatrixRequest, extendedMayProbe, ownParam } from './matrixExtended';
import { matrixDatabases, runMatrix } from './matrixRun';
import { call, seed, Seeded } from './seed';
import { SEEDED_DOMAIN, seedExtended } from './seedExtended';

jest.setTimeout(20 * 60_000);

const ROUTES = extendedInventory(EXTENDED_PLUGINS);

const DATABASES = matrixDatabases();

describe.each(DATABASES)('permission matrix of slb, builds and observability on %s', (database, choice) => {
  let backend: ReliabilityBackend;
  let seeded: Seeded;
  let secrets: Array<[string, string]>;

  beforeAll(async () => {
    backend = await startReliabilityBackend(choice, { extended: true });
    seeded = await seed(backend);
    const more = await seedExtended(backend);
    secrets = [
      ...[...seeded.secrets, ...backend.configSecrets, ...more.secrets.filter(s => s !== more.webhookSecret)].map(
        s => ['secret', s] as [string, string],
      ),
      ['webhook-secret', more.webhookSecret],
    ];
  }, 600_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('gives every caller of every route its status, and no answer holds a secret', async () => {
    const { mismatches, leaks, checked, skipped } = await runMatrix(backend, {
      routes: ROUTES,
      mayProbe: extendedMayProbe,
      expectedStatuses: extendedExpectedStatuses,
      request: extendedMatrixRequest,
      resourceName: (route, request) => {
        const own = ownParam(route);
        return own && decodeURIComponent(request.path.split('/')[route.path.split('/').indexOf(`:${own}`)]);
      },
      seededNames: ['"shop"', `"${SEEDED_DOMAIN}"`, '"app"', '"team/app"'],
      secrets,
    });
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ suite: 'permission-matrix-extended', database, routes: ROUTES.length, callers: CALLERS.length, cellsChecked: checked, destructiveCellsCheckedSeparately: skipped, mismatches: mismatches.length, leaks: leaks.length }));
    expect({ mismatches, leaks }).toEqual({ mismatches: [], leaks: [] });
  });

  it("shows a rotated webhook secret in the rotation's answer only", async () => {
    const rotated = await call(backend, PEOPLE.master, 'POST', '/api/builds/configs/app/webhooks/rotate', undefined, 200);
    expect(rotated.setBy).toBe(PEOPLE.master);
    const reads = ROUTES.filter(r => r.method === 'GET' && r.path.startsWith('/api/builds/'));
    const { mismatches, leaks, checked } = await runMatrix(backend, {
      routes: reads,
      mayProbe: () => true,
      expectedStatuses: extendedExpectedStatuses,
      request: extendedMatrixRequest,
      resourceName: () => undefined,
      seededNames: [],
      secrets: [['webhook-secret', rotated.secret]],
    });
    expect(checked).toBeGreaterThan(reads.length);
    expect({ mismatches, leaks }).toEqual({ mismatches: [], leaks: [] });
  });

  it('lets the owner and a platform admin delete a domain and a build config', async () => {
    const owner = PEOPLE.owner;
    for (const [who, caller] of [['owner', owner], ['admin', PEOPLE.admin]] as const) {
      const domain = `gone-${who}.example.test`;
      await call(backend, owner, 'POST', '/api/slb/domains', {
        name: domain,
        group: 'rel-public',
        app: 'shop',
        locations: [{ path: '/', app: 'shop', port: 8080 }],
      }, 201);
      await call(backend, caller, 'DELETE', `/api/slb/domains/${domain}`, undefined, 204);
      await call(backend, owner, 'GET', `/api/slb/domains/${domain}`, undefined, 404);
      const config = `gone-${who}`;
      await call(backend, owner, 'POST', '/api/builds/configs', {
        name: config,
        repositoryUrl: 'http://127.0.0.1:9/git/app.git',
        imageRepository: 'team/app',
      }, 201);
      await call(backend, caller, 'DELETE', `/api/builds/configs/${config}`, undefined, 204);
      await call(backend, owner, 'GET', `/api/builds/configs/${config}`, undefined, 404);
    }
    // and the seeded ones are still there for everyone else
    expect(JSON.stringify(await call(backend, owner, 'GET', `/api/slb/domains/${SEEDED_DOMAIN}`, undefined, 200))).toContain(SEEDED_DOMAIN);
    expect((await call(backend, owner, 'GET', '/api/builds/configs/app', undefined, 200)).name).toBe('app');
  });
});
