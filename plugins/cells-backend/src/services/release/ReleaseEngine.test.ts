// One file past 400 lines: every case drives the same state machine through one harness per
// database (the bake clock and the simulated cells have their own ReleaseEngine.*.test.ts).
import { createCellportTestDatabases } from '@cellport/test-utils';
import { Release, StartReleaseRequest } from '@cellport/plugin-cells-common';
import {
  ALICE,
  createHarness,
  Harness,
  transitionKeys,
} from './__testUtils__/harness';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();

const canaryThenFull = (
  extra: Partial<StartReleaseRequest['steps'][number]> = {},
): StartReleaseRequest => ({
  version: 'v2',
  steps: [
    { cells: ['a'], canary: { replicas: 1 }, ...extra },
    { cells: ['a', 'b'], canary: { percent: 100 } },
  ],
});

const errorRatioGate = {
  name: 'error-ratio',
  source: 'fake',
  query:
    'sum(rate(http_requests_total{namespace="{{namespace}}",version="{{version}}",cell="{{cell}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{version="{{version}}"}[1m]))',
  op: '<' as const,
  threshold: 0.01,
  intervalSeconds: 5,
};

const isFinal = (r: Release) =>
  ['succeeded', 'rolled-back', 'failed'].includes(r.state);

function expectNoDuplicateTransitions(keys: string[]) {
  const seen = new Set<string>();
  const dupes = keys.filter(k => (seen.has(k) ? true : (seen.add(k), false)));
  expect(dupes).toEqual([]);
}

describe('ReleaseEngine', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let h: Harness;

    beforeEach(async () => {
      h = await createHarness(await databases.init(databaseId));
      await h.seedApp();
    });

    it('releases over two cells: a 1-pod canary in one cell, then 100% everywhere', async () => {
      const started = await h.start(canaryThenFull({ bakeSeconds: 5 }));
      expect(started.fromVersions).toEqual({ a: 'v1', b: 'v1' });
      // the start touches no cell
      expect(h.workloads.log).toEqual([]);

      const canary = await h.run(
        started.id,
        r => r.steps[0].state === 'baking',
      );
      expect(canary.steps[0].targets).toEqual({ a: 1 });
      expect(h.workloads.replicas('a', 'shop', 'v2')).toBe(1);
      expect(h.workloads.touching('b')).toEqual([]);
      // the stable version is left as it is during steps
      expect(h.workloads.replicas('a', 'shop', 'v1')).toBe(2);

      const done = await h.run(started.id, isFinal);
      expect(done.state).toBe('succeeded');
      expect(done.steps.map(s => s.state)).toEqual(['succeeded', 'succeeded']);
      expect(done.steps[1].targets).toEqual({ a: 2, b: 2 });
      expect(
        done.steps[0].gates.find(g => g.kind === 'readiness'),
      ).toMatchObject({
        phase: 'successful',
        message: 'a 1/1 pods Ready',
      });
      for (const cell of ['a', 'b']) {
        expect(h.workloads.replicas(cell, 'shop', 'v2')).toBe(2);
        expect(h.workloads.replicas(cell, 'shop', 'v1')).toBeUndefined();
        // the old version leaves only after the new one took over
        const log = h.workloads.touching(cell);
        expect(log.indexOf(`remove ${cell} v1`)).toBeGreaterThan(
          log.indexOf(`apply ${cell} v2 2`),
        );
      }
      const app = await h.appStore.getApp('shop');
      expect(app?.currentVersion).toBe('v2');
      expect(app?.cells.map(c => c.stableVersion)).toEqual(['v2', 'v2']);

      const events = await h.events(started.id);
      const types = events.map(e => e.type);
      expect(types[0]).toBe('started');
      expect(types.filter(t => t === 'step-started')).toHaveLength(2);
      expect(types.filter(t => t === 'step-succeeded')).toHaveLength(2);
      expect(types.filter(t => t === 'cell-applied')).toHaveLength(3);
      expect(types[types.length - 1]).toBe('succeeded');
      expectNoDuplicateTransitions(transitionKeys(events));
      // every driver event is driver-1's
      expect(
        new Set(events.filter(e => e.driverId).map(e => e.driverId)),
      ).toEqual(new Set(['driver-1']));

      // a finished release is never driven again
      const log = h.workloads.log.length;
      await h.driver.tickOnce();
      expect(h.workloads.log.length).toBe(log);
      // and whoever listens heard of its end exactly once
      expect(h.finished.map(r => [r.id, r.state, r.createdBy])).toEqual([
        [started.id, 'succeeded', done.createdBy],
      ]);
    });

    it('waits for a promote on a manual step', async () => {
      const { id } = await h.start(canaryThenFull({ approval: 'manual' }));
      await h.run(id, r => r.state === 'waiting-approval');
      for (let i = 0; i < 5; i++) {
        await h.driver.tickOnce();
        h.clock.advance(10_000);
      }
      const waiting = await h.releases.get('shop', id);
      expect(waiting.state).toBe('waiting-approval');
      expect(waiting.steps.map(s => s.state)).toEqual([
        'waiting-approval',
        'pending',
      ]);
      expect(h.workloads.touching('b')).toEqual([]);

      await expect(
        h.releases.act('shop', id, { action: 'resume' }, ALICE),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      const promoted = await h.releases.act(
        'shop',
        id,
        { action: 'promote' },
        ALICE,
      );
      expect(promoted.state).toBe('running');
      expect(promoted.currentStep).toBe(1);
      // a second promote of the same step no longer fits
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('succeeded');
      await expect(
        h.releases.act('shop', id, { action: 'promote' }, ALICE),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      const events = await h.events(id);
      expect(events.filter(e => e.type === 'promoted')).toEqual([
        expect.objectContaining({ actor: ALICE, step: 0 }),
      ]);
    });

    it('rolls back when a metric gate fails more often than its failure limit', async () => {
      h.gate.answer = q => ({ value: q.version === 'v2' ? 0.21 : 0 });
      const { id } = await h.start(
        canaryThenFull({
          bakeSeconds: 20,
          metrics: [{ ...errorRatioGate, failureLimit: 1 }],
        }),
      );
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toBe(
        'gate error-ratio failed in cell a: 2 of 2 measurements failed (failure limit 1): 0.21, 0.21, threshold < 0.01',
      );
      const gate = done.steps[0].gates.find(g => g.kind === 'metric')!;
      expect(gate).toMatchObject({
        phase: 'failed',
        threshold: '< 0.01',
        failed: 2,
      });
      expect(gate.measurements).toEqual([
        expect.objectContaining({ cell: 'a', value: 0.21, phase: 'failed' }),
        expect.objectContaining({ cell: 'a', value: 0.21, phase: 'failed' }),
      ]);
      // measured every interval, with the template filled in
      const [m1, m2] = gate.measurements!;
      expect(Date.parse(m2.at) - Date.parse(m1.at)).toBeGreaterThanOrEqual(
        5000,
      );
      expect(h.gate.queries[0].query).toContain(
        'namespace="shop",version="v2",cell="a"',
      );
      expect(h.gate.queries[0]).toMatchObject({
        cell: 'a',
        stableVersion: 'v1',
        region: 'r1',
      });
      expect(done.steps.map(s => s.state)).toEqual(['failed', 'pending']);

      // new pods out of traffic and to zero first, then the stable replicas restored
      const log = h.workloads.touching('a');
      const drain = log.indexOf('drain a v2 0');
      expect(drain).toBeGreaterThan(-1);
      expect(log.indexOf('apply a v1 2')).toBeGreaterThan(drain);
      expect(h.workloads.replicas('a', 'shop', 'v2')).toBe(0);
      expect(h.workloads.replicas('a', 'shop', 'v1')).toBe(2);
      // cell b was never part of a started step
      expect(h.workloads.touching('b')).toEqual([]);
      const app = await h.appStore.getApp('shop');
      expect(app?.cells.map(c => c.stableVersion)).toEqual(['v1', 'v1']);
      expect(app?.currentVersion).toBeUndefined();

      const events = await h.events(id);
      expect(events.map(e => e.type)).toEqual(
        expect.arrayContaining([
          'gate-failed',
          'rolling-back',
          'cell-rolled-back',
          'rolled-back',
        ]),
      );
      expect(events.find(e => e.type === 'gate-failed')).toMatchObject({
        cell: 'a',
        step: 0,
      });
      expectNoDuplicateTransitions(transitionKeys(events));
      await h.driver.tickOnce();
      expect(h.finished).toEqual([
        expect.objectContaining({
          id,
          state: 'rolled-back',
          reason: done.reason,
        }),
      ]);
    });

    it('passes a metric gate within its failure limit and bakes for the whole bake time', async () => {
      let n = 0;
      h.gate.answer = () => ({ value: n++ === 0 ? 0.5 : 0.001 });
      const { id } = await h.start(
        canaryThenFull({
          bakeSeconds: 15,
          metrics: [{ ...errorRatioGate, failureLimit: 1 }],
        }),
      );
      const passed = await h.run(id, r => r.currentStep === 1);
      const step = passed.steps[0];
      expect(step.state).toBe('succeeded');
      const gate = step.gates.find(g => g.kind === 'metric')!;
      expect(gate).toMatchObject({ phase: 'successful', failed: 1 });
      expect(gate.measurements).toHaveLength(3); // floor(15 / 5)
      expect(step.gates.find(g => g.kind === 'bake')).toMatchObject({
        phase: 'successful',
      });
      const readyAt = Date.parse((step as any).readyAt);
      expect(Date.parse(step.finishedAt!) - readyAt).toBeGreaterThanOrEqual(
        15_000,
      );
      expect((await h.run(id, isFinal)).state).toBe('succeeded');
    });

    it('pauses on an inconclusive gate and measures again on resume', async () => {
      h.gate.answer = () => ({
        message: 'no data: the query returned an empty vector',
      });
      const { id } = await h.start(
        canaryThenFull({
          metrics: [{ ...errorRatioGate, inconclusiveLimit: 0 }],
        }),
      );
      const paused = await h.run(id, r => r.state === 'paused');
      expect(paused.reason).toBe(
        'gate error-ratio is inconclusive in cell a: 1 of 1 measurements inconclusive (inconclusive limit 0): no data: the query returned an empty vector',
      );
      expect(paused.steps[0].state).toBe('baking');
      // nothing happens while paused
      const log = h.workloads.log.length;
      await h.driver.tickOnce();
      expect(h.workloads.log.length).toBe(log);

      h.gate.answer = () => ({ value: 0 });
      await h.releases.act('shop', id, { action: 'resume' }, ALICE);
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('succeeded');
      expect(done.steps[0].gates.find(g => g.kind === 'metric')).toMatchObject({
        phase: 'successful',
      });
      expect((await h.events(id)).map(e => e.type)).toEqual(
        expect.arrayContaining(['gate-inconclusive', 'paused', 'resumed']),
      );
    });

    it('rolls back when the new pods are not Ready by the deadline', async () => {
      h.workloads.neverReady.add('v2');
      const { id } = await h.start(
        canaryThenFull({ readyDeadlineSeconds: 10 }),
      );
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toBe(
        'gate readiness failed in cell a: 0/1 pods Ready after 10s',
      );
      expect(done.steps[0].gates[0]).toMatchObject({
        kind: 'readiness',
        phase: 'failed',
        message: 'a: 0/1 pods Ready after 10s',
      });
      expect(h.workloads.replicas('a', 'shop', 'v2')).toBe(0);
      expect(h.workloads.replicas('a', 'shop', 'v1')).toBe(2);
      // the deadline was honoured: not failed before 10 s
      const events = await h.events(id);
      const startedAt = Date.parse(
        events.find(e => e.type === 'step-started')!.at,
      );
      const failedAt = Date.parse(
        events.find(e => e.type === 'gate-failed')!.at,
      );
      expect(failedAt - startedAt).toBeGreaterThanOrEqual(10_000);
    });

    it('rolls back when a new pod restarts', async () => {
      const { id } = await h.start(canaryThenFull({ bakeSeconds: 30 }));
      await h.run(id, r => r.steps[0].state === 'baking');
      h.workloads.restart('a', 'shop', 'v2', 2);
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toMatch(
        /^gate restarts failed in cell a: pod shop-v2-a-\d+ restarted 2 time\(s\)$/,
      );
      expect(h.workloads.replicas('a', 'shop', 'v2')).toBe(0);
    });

    it('pauses for an unreachable cell; a skipped cell is never touched again and stays drifted', async () => {
      const { id } = await h.start({
        version: 'v2',
        steps: [
          { cells: ['a'], canary: { percent: 100 } },
          { cells: ['b'], canary: { percent: 100 } },
        ],
      });
      h.workloads.unreachable.add('b');
      const paused = await h.run(id, r => r.state === 'paused');
      expect(paused.currentStep).toBe(1);
      expect(paused.steps[0].state).toBe('succeeded');
      expect(paused.reason).toBe('cell b is unreachable');
      expect(paused.steps[1].state).toBe('pending');

      // resuming while it is still down pauses again
      await h.releases.act('shop', id, { action: 'resume' }, ALICE);
      expect((await h.run(id, r => r.state === 'paused')).reason).toBe(
        'cell b is unreachable',
      );

      await expect(
        h.releases.act('shop', id, { action: 'skip-cell', cell: 'zz' }, ALICE),
      ).rejects.toMatchObject({ name: 'InputError' });
      const skipped = await h.releases.act(
        'shop',
        id,
        { action: 'skip-cell', cell: 'b' },
        ALICE,
      );
      expect(skipped.skippedCells).toEqual(['b']);
      expect(skipped.state).toBe('paused');
      await expect(
        h.releases.act('shop', id, { action: 'skip-cell', cell: 'b' }, ALICE),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await h.releases.act('shop', id, { action: 'resume' }, ALICE);
      // b is back before the release goes on: the release still leaves it alone
      h.workloads.unreachable.delete('b');
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('succeeded');
      expect(done.steps.map(s => s.state)).toEqual(['succeeded', 'skipped']);
      for (let i = 0; i < 5; i++) {
        await h.driver.tickOnce();
        h.clock.advance(1000);
      }
      expect(h.workloads.touching('b')).toEqual([]);
      expect(h.workloads.replicas('b', 'shop', 'v1')).toBe(2);
      expect(h.workloads.replicas('b', 'shop', 'v2')).toBeUndefined();
      expect(h.workloads.replicas('a', 'shop', 'v1')).toBeUndefined();
      const app = await h.appStore.getApp('shop');
      expect(app?.currentVersion).toBe('v2');
      expect(app?.cells).toEqual([
        expect.objectContaining({ cell: 'a', stableVersion: 'v2' }),
        expect.objectContaining({ cell: 'b', stableVersion: 'v1' }),
      ]);
      const events = await h.events(id);
      expect(events.find(e => e.type === 'cell-skipped')).toMatchObject({
        cell: 'b',
        actor: ALICE,
      });
      expect(events[events.length - 1].message).toBe(
        'Release of v2 succeeded; skipped (drifted): b',
      );
    });

    it('pauses when a touched cell goes down mid-step; skipping it lets the step finish', async () => {
      const { id } = await h.start({
        version: 'v2',
        steps: [
          { cells: ['a', 'b'], canary: { percent: 100 }, bakeSeconds: 30 },
        ],
      });
      await h.run(id, r => r.steps[0].state === 'baking');
      h.workloads.unreachable.add('b');
      const paused = await h.run(id, r => r.state === 'paused');
      expect(paused.reason).toBe('cell b is unreachable');
      expect(paused.steps[0].state).toBe('baking');
      await h.releases.act(
        'shop',
        id,
        { action: 'skip-cell', cell: 'b' },
        ALICE,
      );
      await h.releases.act('shop', id, { action: 'resume' }, ALICE);
      const touchedBefore = h.workloads.touching('b').length;
      h.workloads.unreachable.delete('b');
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('succeeded');
      expect(h.workloads.touching('b')).toHaveLength(touchedBefore);
      // b keeps its old version next to the new pods it got before it went down
      expect(h.workloads.replicas('b', 'shop', 'v1')).toBe(2);
      const app = await h.appStore.getApp('shop');
      expect(app?.cells.find(c => c.cell === 'b')?.stableVersion).toBe('v1');
    });

    it('with onFailure pause, a failed step waits; retry runs it again from its start', async () => {
      let attempt = 0;
      h.gate.answer = () => ({ value: attempt === 0 ? 0.3 : 0 });
      const { id } = await h.start({
        ...canaryThenFull({ metrics: [errorRatioGate] }),
        onFailure: 'pause',
      });
      const paused = await h.run(id, r => r.state === 'paused');
      expect(paused.reason).toMatch(
        /^gate error-ratio failed in cell a: 1 of 1 measurements failed/,
      );
      expect(paused.steps[0].state).toBe('failed');
      // nothing rolled back, nothing goes on
      expect(h.workloads.replicas('a', 'shop', 'v2')).toBe(1);
      await h.driver.tickOnce();
      expect((await h.releases.get('shop', id)).state).toBe('paused');
      await expect(
        h.releases.act('shop', id, { action: 'resume' }, ALICE),
      ).rejects.toMatchObject({ name: 'ConflictError' });

      attempt = 1;
      const retried = await h.releases.act(
        'shop',
        id,
        { action: 'retry' },
        ALICE,
      );
      expect(retried.state).toBe('running');
      expect(retried.steps[0]).toMatchObject({ state: 'pending', attempt: 1 });
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('succeeded');
      const gate = done.steps[0].gates.find(g => g.kind === 'metric')!;
      expect(gate.measurements).toEqual([
        expect.objectContaining({ value: 0, phase: 'successful' }),
      ]);
      const events = await h.events(id);
      expect(
        events.filter(e => e.type === 'step-started' && e.step === 0),
      ).toHaveLength(2);
      expectNoDuplicateTransitions(transitionKeys(events));
    });

    it('aborts: rolls back with the reason naming who aborted', async () => {
      const { id } = await h.start(canaryThenFull({ bakeSeconds: 600 }));
      await h.run(id, r => r.steps[0].state === 'baking');
      await h.releases.act('shop', id, { action: 'pause' }, ALICE);
      await expect(
        h.releases.act('shop', id, { action: 'pause' }, ALICE),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      const aborting = await h.releases.act(
        'shop',
        id,
        { action: 'abort' },
        ALICE,
      );
      expect(aborting.state).toBe('rolling-back');
      const done = await h.run(id, isFinal);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toBe(`aborted by ${ALICE}`);
      expect(h.workloads.replicas('a', 'shop', 'v2')).toBe(0);
      expect(h.workloads.replicas('a', 'shop', 'v1')).toBe(2);
      await expect(
        h.releases.act('shop', id, { action: 'abort' }, ALICE),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    });

    it('promote skips the rest of the bake', async () => {
      const { id } = await h.start(canaryThenFull({ bakeSeconds: 3600 }));
      await h.run(id, r => r.steps[0].state === 'baking');
      await h.releases.act('shop', id, { action: 'promote' }, ALICE);
      const next = await h.run(id, r => r.currentStep === 1, { maxTicks: 3 });
      expect(next.steps[0].gates.find(g => g.kind === 'bake')).toMatchObject({
        phase: 'successful',
        message: expect.stringContaining('skipped by promote'),
      });
    });

    it('refuses a bad start with 4xx and touches no cell', async () => {
      await expect(
        h.start({
          version: 'v9',
          steps: [{ cells: ['a'], canary: { percent: 100 } }],
        }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        h.start({
          version: 'v2',
          steps: [{ cells: ['a', 'zz'], canary: { percent: 100 } }],
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining("'zz'"),
      });
      await expect(
        h.start({
          version: 'v2',
          steps: [
            { cells: ['a'], canary: { replicas: 1 } },
            { cells: ['b'], canary: { percent: 100 } },
          ],
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining("'a' never reaches 100%"),
      });
      await expect(
        h.start({
          version: 'v2',
          steps: [
            {
              cells: ['a', 'b'],
              canary: { percent: 100 },
              metrics: [{ ...errorRatioGate, source: 'nope' }],
            },
          ],
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining("'nope'"),
      });
      await expect(
        h.start({
          version: 'v2',
          steps: [{ cells: ['a'], canary: { percent: 0 } }],
        } as any),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(h.start(canaryThenFull(), 'nope')).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect(await h.releases.list('shop')).toEqual({ items: [] });
      await h.driver.tickOnce();
      expect(h.workloads.log).toEqual([]);
    });

    it('allows one live release per app, also when two start at once', async () => {
      const first = await h.start(canaryThenFull());
      await expect(h.start(canaryThenFull())).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(first.id),
      });
      // the database enforces it too, for two replicas passing the check at the same time
      await expect(
        h.store.createRelease(
          { ...(await h.store.getRelease(first.id))!, id: 'other-id' },
          [],
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(first.id),
      });

      await h.seedApp('cart');
      const results = await Promise.allSettled([
        h.start(canaryThenFull(), 'cart'),
        h.start(canaryThenFull(), 'cart'),
        h.start(canaryThenFull(), 'cart'),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter(x => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({
          name: 'ConflictError',
        });
      }

      // the app and the versions the release uses stay while it is live
      await expect(h.releases.beforeDeleteApp('shop')).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await expect(
        h.releases.beforeRemoveVersion('shop', 'v1'),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await expect(
        h.releases.beforeRemoveVersion('shop', 'v2'),
      ).rejects.toMatchObject({ name: 'ConflictError' });

      // once final, a new release may start
      await h.releases.act('shop', first.id, { action: 'abort' }, ALICE);
      await h.run(first.id, isFinal);
      await expect(h.releases.beforeDeleteApp('shop')).resolves.toBeUndefined();
      await expect(
        h.releases.beforeRemoveVersion('shop', 'v2'),
      ).resolves.toBeUndefined();
      const second = await h.start(canaryThenFull());
      expect((await h.releases.list('shop')).items.map(r => r.id)).toEqual([
        second.id,
        first.id,
      ]);
      // a page at a time: each release once, newest first
      const page1 = await h.releases.list('shop', { limit: 1 });
      expect(page1.items.map(r => r.id)).toEqual([second.id]);
      const page2 = await h.releases.list('shop', {
        limit: 1,
        cursor: page1.nextCursor,
      });
      expect(page2).toEqual({ items: [expect.objectContaining({ id: first.id })] });
    });

    it("a new driver resumes a stopped driver's release with no duplicate or lost step", async () => {
      const { id } = await h.start(canaryThenFull({ bakeSeconds: 10 }));
      await h.run(id, r => r.steps[0].state === 'baking');
      await h.driver.stop();
      const other = await h.otherDriver('driver-2');
      const done = await h.run(id, isFinal, { driver: other.driver });
      expect(done.state).toBe('succeeded');
      const events = await h.events(id);
      expectNoDuplicateTransitions(transitionKeys(events));
      expect(
        events.filter(e => e.type === 'step-started').map(e => e.driverId),
      ).toEqual(['driver-1', 'driver-2']);
      expect(events.filter(e => e.type === 'step-succeeded')).toHaveLength(2);
      expect(h.workloads.log.filter(l => l === 'apply a v2 1')).toHaveLength(1);
    });

    it("a crashed driver's lease expires before another driver takes over; the old one is fenced off", async () => {
      const { id } = await h.start(canaryThenFull({ bakeSeconds: 30 }));
      await h.run(id, r => r.steps[0].state === 'baking');
      // driver-1 "crashes": it keeps its lease until it expires
      const other = await h.otherDriver('driver-2');
      await other.driver.tickOnce();
      expect((await h.store.getRelease(id))!.driverId).toBe('driver-1');
      h.clock.advance(16_000);
      await other.driver.tickOnce();
      expect((await h.store.getRelease(id))!.driverId).toBe('driver-2');
      // driver-1 comes back: its lease is gone, and neither its renewal nor its writes land
      const before = (await h.events(id)).length;
      await h.driver.tickOnce();
      await h.engine.tick(id, 'driver-1');
      expect((await h.store.getRelease(id))!.driverId).toBe('driver-2');
      expect((await h.events(id)).length).toBe(before);

      const done = await h.run(id, isFinal, { driver: other.driver });
      expect(done.state).toBe('succeeded');
      const events = await h.events(id);
      expectNoDuplicateTransitions(transitionKeys(events));
      expect(
        events.filter(e => e.type === 'step-succeeded').map(e => e.driverId),
      ).toEqual(['driver-2', 'driver-2']);
    });
  });
});
