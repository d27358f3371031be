/**
 * The route inventory and the fuzzer, against the REAL cells and registry plugins in one backend
 * (simulated cells, the real Docker registry, SQLite files):
 * - the inventory lists exactly the routes the backend serves (read from its router stack);
 * - per route, generated bad input (fuzz.ts) never gets a 5xx, an error is always in Backstage's
 *   shape, a route that changes things never accepts it, and afterwards no row of any table and
 *   no object in the cells changed.
 * Cases per route: RELIABILITY_FUZZ_RUNS (25; `npm run soak` runs 100). Prints the figures.
 */
import { authHeader, PEOPLE, PLUGINS, ReliabilityBackend, serviceHeader, startReliabilityBackend } from './backend';
import { FuzzFigures, fuzzRoute, pageSizeFigures } from './fuzzRoute';
import { INVENTORY, isFrameworkRoute, routeKey } from './inventory';
import { servedRoutes } from './routes';
import { seed, Seeded } from './seed';
import { changedTables, snapshotCells, snapshotDatabase } from './snapshot';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS || 25);

jest.setTimeout(30 * 60_000);

describe('route inventory and fuzzing', () => {
  let backend: ReliabilityBackend;
  let seeded: Seeded;
  const figures: Record<string, FuzzFigures> = {};

  beforeAll(async () => {
    backend = await startReliabilityBackend();
    seeded = await seed(backend);
  }, 300_000);

  afterAll(async () => {
    await backend?.stop();
    const cases = Object.values(figures).reduce((n, f) => n + f.cases, 0);
    const fiveXX = Object.values(figures).reduce((n, f) => n + f.status5xx, 0);
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ suite: 'fuzz', routes: Object.keys(figures).length, casesPerRoute: RUNS, cases, status5xx: fiveXX, pageSizes: pageSizeFigures(INVENTORY), perRoute: figures }));
  });

  it('lists every route the backend serves, and only those', () => {
    const served = servedRoutes(backend.app, PLUGINS)
      .filter(r => !isFrameworkRoute(r.path))
      .map(routeKey);
    const listed = INVENTORY.map(routeKey);
    expect({
      servedButNotInInventory: served.filter(r => !listed.includes(r)),
      inInventoryButNotServed: listed.filter(r => !served.includes(r)),
    }).toEqual({ servedButNotInInventory: [], inInventoryButNotServed: [] });
  });

  it.each(INVENTORY.map(r => [routeKey(r), r] as const))('%s: bad input gets a 4xx and changes nothing', async (_key, route) => {
    let auth = authHeader(PEOPLE.owner);
    if (route.access.kind === 'service') {
      auth = serviceHeader('plugin:builds', 'registry');
    } else if (route.access.kind === 'any-service') {
      auth = serviceHeader('plugin:slb', 'cells');
    } else if (route.access.kind === 'admin') {
      auth = authHeader(PEOPLE.admin);
    }
    const dbBefore = await Promise.all(PLUGINS.map(p => snapshotDatabase(backend.db(p))));
    const cellsBefore = await snapshotCells(backend.cells);
    const { problems, figures: f } = await fuzzRoute(backend.url, route, {
      seeded: seeded.params,
      auth,
      runs: RUNS,
      seed: process.env.RELIABILITY_FUZZ_SEED ? Number(process.env.RELIABILITY_FUZZ_SEED) : undefined,
      // the token endpoint answers its refusals (401, 429) in the registry's protocol shape as well
      protocolStatuses: route.access.kind === 'unauthenticated' ? [401, 429] : [],
    });
    figures[routeKey(route)] = f;
    const dbAfter = await Promise.all(PLUGINS.map(p => snapshotDatabase(backend.db(p))));
    const changed = PLUGINS.flatMap((p, i) => changedTables(dbBefore[i], dbAfter[i]).map(t => `${p}.${t}`));
    const cellsAfter = await snapshotCells(backend.cells);
    expect({
      problems: problems.slice(0, 10),
      changedTables: changed,
      cellsChanged: {
        gone: cellsBefore.filter(l => !cellsAfter.includes(l)),
        new: cellsAfter.filter(l => !cellsBefore.includes(l)),
      },
    }).toEqual({ problems: [], changedTables: [], cellsChanged: { gone: [], new: [] } });
  });
});
