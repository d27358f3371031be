import { createCellportTestDatabases } from '@cellport/test-utils';
import { Release, StartReleaseRequest } from '@cellport/plugin-cells-common';
import knexFactory, { Knex } from 'knex';
import { ReleaseTransition } from '../../database/ReleaseStore';
import {
  createHarness,
  Harness,
  transitionKeys,
} from './__testUtils__/harness';
import { ReleaseDriver } from './ReleaseDriver';

jest.setTimeout(180_000);

const databases = createCellportTestDatabases();

const plan: StartReleaseRequest = {
  version: 'v2',
  steps: [
    { cells: ['a'], canary: { replicas: 1 }, bakeSeconds: 5 },
    { cells: ['a', 'b'], canary: { percent: 100 }, bakeSeconds: 3 },
  ],
};

const isFinal = (r: Release) =>
  ['succeeded', 'rolled-back', 'failed'].includes(r.state);

function duplicates(keys: string[]) {
  const seen = new Set<string>();
  return keys.filter(k => (seen.has(k) ? true : (seen.add(k), false)));
}

describe('ReleaseDriver', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let h: Harness;
    const extraKnex: Knex[] = [];

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      h = await createHarness(knex);
      await h.seedApp();
    });

    afterEach(async () => {
      await Promise.all(extraKnex.splice(0).map(k => k.destroy()));
    });

    it('runs its loop until stopped and then gives its leases up', async () => {
      h.workloads.readyAfterMs = 0;
      const { id } = await h.start({
        version: 'v2',
        steps: [{ cells: ['a', 'b'], canary: { percent: 100 } }],
      });
      const driver = ReleaseDriver.create({
        store: h.store,
        engine: h.engine,
        logger: h.logger,
        driverId: 'looping',
        now: h.clock.now,
        intervalMs: 20,
      });
      driver.start();
      try {
        const deadline = Date.now() + 60_000;
        while (!isFinal(await h.releases.get('shop', id))) {
          if (Date.now() > deadline) {
            throw new Error('the loop did not finish the release');
          }
          await new Promise(resolve => setTimeout(resolve, 20));
        }
      } finally {
        await driver.stop();
      }
      expect((await h.releases.get('shop', id)).state).toBe('succeeded');

      // a stopped driver gives its leases up: another one takes over at once, without waiting
      await h.seedApp('cart');
      const second = await h.start(plan, 'cart');
      await driver.tickOnce(); // claims it
      expect((await h.store.getRelease(second.id))!.driverId).toBe('looping');
      await driver.stop();
      expect((await h.store.getRelease(second.id))!.driverId).toBeUndefined();
      const other = await h.otherDriver('driver-2');
      await other.driver.tickOnce();
      expect((await h.store.getRelease(second.id))!.driverId).toBe('driver-2');
    });

    it('wakes up for a new release instead of waiting for the next interval', async () => {
      const driver = ReleaseDriver.create({
        store: h.store,
        engine: h.engine,
        logger: h.logger,
        driverId: 'sleepy',
        now: h.clock.now,
        intervalMs: 600_000,
      });
      driver.start();
      try {
        // let the first (empty) cycle pass: the next one is ten minutes away
        await new Promise(resolve => setTimeout(resolve, 500));
        const { id } = await h.start(plan);
        driver.wake();
        const deadline = Date.now() + 30_000;
        while ((await h.store.getRelease(id))!.driverId !== 'sleepy') {
          if (Date.now() > deadline) {
            throw new Error('the driver did not wake up for the release');
          }
          await new Promise(resolve => setTimeout(resolve, 50));
        }
      } finally {
        await driver.stop();
      }
    });

    it('a backend killed in the middle of a tick: the next driver redoes the cut-short work once', async () => {
      const { id } = await h.start(plan);
      const transition = h.store.transition.bind(h.store);
      let killed = false;
      jest
        .spyOn(h.store, 'transition')
        .mockImplementation(async (t: ReleaseTransition) => {
          if (!killed && t.events?.some(e => e.type === 'cell-applied')) {
            killed = true; // the apply happened in the cell, its record never reached the database
            throw new Error('backend killed');
          }
          return transition(t);
        });
      await h.driver.tickOnce();
      expect(killed).toBe(true);
      expect(h.workloads.log).toEqual(['apply a v2 1']);
      const cut = await h.releases.get('shop', id);
      expect(cut.steps[0].state).toBe('progressing');

      // driver-1 is gone for good; its lease expires and driver-2 takes over
      h.clock.advance(16_000);
      const other = await h.otherDriver('driver-2');
      const done = await h.run(id, isFinal, { driver: other.driver });
      expect(done.state).toBe('succeeded');
      const events = await h.events(id);
      expect(duplicates(transitionKeys(events))).toEqual([]);
      expect(
        events.filter(e => e.type === 'step-started').map(e => e.driverId),
      ).toEqual(['driver-1', 'driver-2']);
      expect(
        events.filter(e => e.type === 'cell-applied' && e.step === 0),
      ).toEqual([expect.objectContaining({ cell: 'a', driverId: 'driver-2' })]);
      // the cut-short apply was repeated (idempotent), nothing else was
      expect(h.workloads.log.filter(l => l === 'apply a v2 1')).toHaveLength(2);
      expect(h.workloads.log.filter(l => l === 'apply a v2 2')).toHaveLength(1);
    });

    it('two drivers ticking at once on one database: each release is driven by exactly one', async () => {
      // on PostgreSQL the second driver has its own connection pool, like a second backend
      let knex2 = knex;
      if (knex.client.config.client === 'pg') {
        knex2 = knexFactory({
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 5 },
        });
        extraKnex.push(knex2);
      }
      const other = await h.otherDriver('driver-2', knex2);
      const d1 = ReleaseDriver.create({
        store: h.store,
        engine: h.engine,
        logger: h.logger,
        driverId: 'driver-1',
        now: h.clock.now,
        maxReleases: 2,
      });
      const d2 = ReleaseDriver.create({
        store: other.store,
        engine: other.engine,
        logger: h.logger,
        driverId: 'driver-2',
        now: h.clock.now,
        maxReleases: 2,
      });
      const apps = ['shop', 'cart', 'pay', 'ship'];
      for (const app of apps.slice(1)) {
        await h.seedApp(app);
      }
      const ids: string[] = [];
      for (const app of apps) {
        ids.push((await h.start(plan, app)).id);
      }
      const { releases, clock } = h;
      const readAll = () =>
        Promise.all(apps.map((app, j) => releases.get(app, ids[j])));
      // each driver claims its share once (at most two), so both have work whatever the machine's
      // load; from then on they tick at once, racing for whatever is left
      await d2.tickOnce();
      await d1.tickOnce();
      for (let i = 0; i < 200 && !(await readAll()).every(isFinal); i++) {
        await Promise.all([d1.tickOnce(), d2.tickOnce(), d1.tickOnce()]);
        clock.advance(1000);
      }
      const drivers = new Set<string>();
      for (const [j, app] of apps.entries()) {
        const release = await h.releases.get(app, ids[j]);
        expect(release.state).toBe('succeeded');
        const events = await h.events(ids[j]);
        const driven = new Set(
          events.filter(e => e.driverId).map(e => e.driverId!),
        );
        expect(driven.size).toBe(1);
        driven.forEach(d => drivers.add(d));
        expect(duplicates(transitionKeys(events))).toEqual([]);
        expect(events.filter(e => e.type === 'step-started')).toHaveLength(2);
        expect(events.filter(e => e.type === 'succeeded')).toHaveLength(1);
      }
      // at most two releases each: both drivers had work
      expect([...drivers].sort()).toEqual(['driver-1', 'driver-2']);
    });
  });
});
