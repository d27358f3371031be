/**
 * The runner over a real database (SQLite and PostgreSQL): one replica at a time drives an
 * evacuation, a stopped replica gives it up and another carries on from the stored step (what a
 * backend restart looks like), and a killed one's lease lapses.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { Knex } from 'knex';
import { EvacuationEngine } from './EvacuationEngine';
import { EvacuationRunner } from './EvacuationRunner';
import { EvacuationStore, StoredEvacuation } from './EvacuationStore';
import { applyEvacuationMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();
const STEPS = ['scale-up', 'ready', 'upstreams', 'agents'];

/** Moves an evacuation one step per tick and records who ran which step. */
function engine(store: EvacuationStore, seen: Array<[string, string]>, hold?: Promise<void>) {
  return {
    async tick(ev: StoredEvacuation, owner: string) {
      seen.push([owner, ev.step]);
      await hold;
      const next = STEPS[STEPS.indexOf(ev.step) + 1];
      await store.saveProgress(ev.id, owner, next ? { state: 'evacuating', step: next, data: {} } : { state: 'evacuated', step: 'evacuated', data: {} });
    },
  } as unknown as EvacuationEngine;
}

const runner = (store: EvacuationStore, owner: string, e: EvacuationEngine, leaseMs = 10_000) =>
  new EvacuationRunner({ store, engine: e, logger: mockServices.logger.mock(), owner, intervalMs: 20, leaseMs, monitorIntervalMs: 1000 });

const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise(r => setTimeout(r, 20));
};

describe.each(databases.eachSupportedId())('EvacuationRunner on %p', databaseId => {
  let knex: Knex;
  let store: EvacuationStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyEvacuationMigrations(knex);
    store = new EvacuationStore(knex);
  });

  const create = (cell: string) =>
    store.create({
      cell,
      region: 'dev',
      trigger: 'manual',
      reason: 'test',
      plan: { cell, region: 'dev', groups: [], apps: [], createdAt: new Date().toISOString() },
      createdBy: 'user:default/erin',
      firstStep: 'scale-up',
    });

  it('carries on where a stopped replica left off, one replica at a time', async () => {
    const ev = await create('c1');
    const seen: Array<[string, string]> = [];
    let release!: () => void;
    const held = new Promise<void>(r => (release = r));
    const a = runner(store, 'a', engine(store, seen, held));
    const b = runner(store, 'b', engine(store, seen));
    a.start();
    await waitFor(async () => seen.length > 0);
    b.start();
    await new Promise(r => setTimeout(r, 300));
    // b never ran a step while a held the evacuation
    expect(seen).toEqual([['a', 'scale-up']]);
    release();
    await a.stop();
    await waitFor(async () => (await store.get(ev.id))!.state === 'evacuated');
    await b.stop();
    // every step ran once, in order, and b finished what a had started
    expect(seen.map(([, step]) => step)).toEqual(STEPS);
    expect(seen[0]).toEqual(['a', 'scale-up']);
    expect(seen[seen.length - 1]).toEqual(['b', 'agents']);
  });

  it("takes over a killed replica's evacuation once its lease lapses", async () => {
    const ev = await create('c2');
    expect(await store.claim('dead', 200)).toEqual([ev.id]);
    const seen: Array<[string, string]> = [];
    const b = runner(store, 'b', engine(store, seen));
    b.start();
    await waitFor(async () => (await store.get(ev.id))!.state === 'evacuated');
    await b.stop();
    expect(seen.map(([, step]) => step)).toEqual(STEPS);
  });
});
