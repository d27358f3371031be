/**
 * The route inventory and the fuzzer for the slb, builds and observability plugins, against the
 * REAL plugins in the reliability backend (beside cells and registry: a real etcd for the slb
 * groups and the build agents, a real Prometheus, the SkyWalking dev server, SQLite files):
 * - the inventory (inventoryExtended.ts, from the plugins' OpenAPI documents) lists exactly the
 *   routes the backend serves, and every documented operation says who may call it;
 * - per route, generated bad input (fuzz.ts) never gets a 5xx, an error is always in Backstage's
 *   shape, a route that changes things never accepts it, and afterwards no row of any table of
 *   any plugin, no object in the cells and no key in etcd (the slb groups' domains and the build
 *   agents' tasks live there) changed. The seeded world is seed.ts's and seedExtended.ts's (a
 *   domain, a build config with every role).
 * Cases per route: RELIABILITY_FUZZ_RUNS (25; `npm run soak` runs 100). Prints the figures.
 */
import { Etcd3 } from 'etcd3';
import { authHeader, PEOPLE, PLUGINS, ReliabilityBackend, startReliabilityBackend } from './backend';
import { EXTENDED_ACCESS, extendedInventory } from './inventoryExtended';
import { EXTENDED_PLUGINS } from './extended';
import { FuzzFigures, fuzzRoute, pageSizeFigures } from './fuzzRoute';
import { isFrameworkRoute, routeKey } from './inventory';
import { servedRoutes } from './routes';
import { seed, Seeded } from './seed';
import { EXTENDED_SEEDED, seedExtended } from './seedExtended';
import { changedTables, snapshotCells, snapshotDatabase } from './snapshot';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS || 25);
const SEED = process.env.RELIABILITY_FUZZ_SEED ? Number(process.env.RELIABILITY_FUZZ_SEED) : undefined;
const ALL = [...PLUGINS, ...EXTENDED_PLUGINS];
const ROUTES = extendedInventory(EXTENDED_PLUGINS);

jest.setTimeout(30 * 60_000);

/**
 * Every key in etcd, one line each, with its modification revision; but the upstreams, which
 * the slb's service discovery writes from what the cells run (every couple of seconds, so also
 * after the seeded domain appears), not from any request.
 */
async function snapshotEtcd(etcd: Etcd3): Promise<string[]> {
  const res = await etcd.getAll().exec();
  return res.kvs
    .filter(kv => !/^\/slb\/[^/]+\/upstreams\//.test(kv.key.toString()))
    .map(kv => `${kv.key.toString()} mod=${kv.mod_revision}`)
    .sort();
}

describe('route inventory and fuzzing of slb, builds and observability', () => {
  let backend: ReliabilityBackend;
  let seeded: Seeded;
  let etcd: Etcd3;
  const figures: Record<string, FuzzFigures> = {};

  beforeAll(async () => {
    backend = await startReliabilityBackend({ kind: 'sqlite' }, { extended: true });
    etcd = new Etcd3({ hosts: backend.etcdUrl! });
    seeded = await seed(backend);
    await seedExtended(backend);
  }, 600_000);

  afterAll(async () => {
    etcd?.close();
    await backend?.stop();
    const cases = Object.values(figures).reduce((n, f) => n + f.cases, 0);
    const fiveXX = Object.values(figures).reduce((n, f) => n + f.status5xx, 0);
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ suite: 'fuzz-extended', routes: Object.keys(figures).length, casesPerRoute: RUNS, cases, status5xx: fiveXX, pageSizes: pageSizeFigures(ROUTES), perRoute: figures }));
  });

  it('lists every route the backend serves, and only those; every access entry is documented', () => {
    const served = servedRoutes(backend.app, EXTENDED_PLUGINS)
      .filter(r => !isFrameworkRoute(r.path))
      .map(routeKey);
    const listed = ROUTES.map(routeKey);
    expect({
      servedButNotInInventory: served.filter(r => !listed.includes(r)),
      inInventoryButNotServed: listed.filter(r => !served.includes(r)),
      accessOfUndocumentedRoutes: Object.keys(EXTENDED_ACCESS).filter(k => !listed.includes(k)),
    }).toEqual({ servedButNotInInventory: [], inInventoryButNotServed: [], accessOfUndocumentedRoutes: [] });
  });

  it.each(ROUTES.map(r => [routeKey(r), r] as const))('%s: bad input gets a 4xx and changes nothing', async (_key, route) => {
    // platform admins reach the admin routes' validation; everyone else would get 404 first
    const auth = authHeader(route.access.kind === 'admin' ? PEOPLE.admin : PEOPLE.owner);
    const snapshot = async () => ({
      db: await Promise.all(ALL.map(p => snapshotDatabase(backend.db(p)))),
      cells: await snapshotCells(backend.cells),
      etcd: await snapshotEtcd(etcd),
    });
    const before = await snapshot();
    const seededParams = { ...seeded.params, ...EXTENDED_SEEDED[route.path.split('/')[2]] };
    const { problems, figures: f } = await fuzzRoute(backend.url, route, { seeded: seededParams, auth, runs: RUNS, seed: SEED });
    figures[routeKey(route)] = f;
    const after = await snapshot();
    const changed = ALL.flatMap((p, i) => changedTables(before.db[i], after.db[i]).map(t => `${p}.${t}`));
    const diff = (a: string[], b: string[]) => ({ gone: a.filter(l => !b.includes(l)), new: b.filter(l => !a.includes(l)) });
    expect({
      problems: problems.slice(0, 10),
      changedTables: changed,
      cellsChanged: diff(before.cells, after.cells),
      etcdChanged: diff(before.etcd, after.etcd),
    }).toEqual({
      problems: [],
      changedTables: [],
      cellsChanged: { gone: [], new: [] },
      etcdChanged: { gone: [], new: [] },
    });
  });
});
