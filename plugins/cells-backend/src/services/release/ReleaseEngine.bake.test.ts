import { createCellportTestDatabases } from '@cellport/test-utils';
import { Release, StartReleaseRequest } from '@cellport/plugin-cells-common';
import { ALICE, createHarness, Harness } from './__testUtils__/harness';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();

/** One step baking 15 s in both cells, then nothing else. */
const bakeBoth: StartReleaseRequest = {
  version: 'v2',
  steps: [{ cells: ['a', 'b'], canary: { percent: 100 }, bakeSeconds: 15 }],
};

const baking = (r: Release) => r.steps[0].state === 'baking';
const bakeGate = (r: Release) => r.steps[0].gates.find(g => g.kind === 'bake')!;

describe('ReleaseEngine bake accounting', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let h: Harness;

    beforeEach(async () => {
      h = await createHarness(await databases.init(databaseId));
      await h.seedApp();
    });

    it('counts only time during which every target cell was reachable: an outage extends the bake', async () => {
      const { id } = await h.start(bakeBoth);
      await h.run(id, baking);
      // two seconds of healthy bake, then cell b is unreachable for 25 s
      for (let i = 0; i < 2; i++) {
        await h.driver.tickOnce();
        h.clock.advance(1000);
      }
      h.workloads.unreachable.add('b');
      const paused = await h.run(id, r => r.state === 'paused');
      expect(paused.reason).toBe('cell b is unreachable');
      h.clock.advance(25_000);
      h.workloads.unreachable.delete('b');
      await h.releases.act('shop', id, { action: 'resume' }, ALICE);
      const resumedAt = h.clock.now();
      // the 25 s outage does not count: the rest of the bake (about 13 s) is still to come
      await h.driver.tickOnce();
      const right = await h.releases.get('shop', id);
      expect(right.steps[0].state).toBe('baking');
      expect(bakeGate(right).message).toMatch(/^\d+s of 15s baked$/);
      const done = await h.run(id, r => r.steps[0].state === 'succeeded');
      expect(
        Date.parse(done.steps[0].finishedAt!) - resumedAt,
      ).toBeGreaterThanOrEqual(12_000);
      expect(bakeGate(done)).toMatchObject({ phase: 'successful' });
      expect(bakeGate(done).message).toMatch(
        /^baked 15s \(extended by \d+s not watched healthy\)$/,
      );
      // the timeline says when the bake stopped and went on
      const events = await h.events(id);
      const stopped = events.find(e => e.type === 'bake-interrupted');
      const resumed = events.find(e => e.type === 'bake-resumed');
      expect(stopped?.message).toMatch(
        /^Bake of step 1 stopped: cell b could not be read \(.*unreachable.*\); 2s of 15s baked, the rest counts once every cell is healthy again$/,
      );
      expect(resumed?.message).toMatch(
        /^Bake of step 1 (goes on|was not watched).*2s of 15s baked, extended by \d+s$/,
      );
      expect(Date.parse(stopped!.at)).toBeLessThan(Date.parse(resumed!.at));
    });

    it('does not count the time nobody drove the release (no driver for a while)', async () => {
      const { id } = await h.start(bakeBoth);
      await h.run(id, baking);
      await h.driver.tickOnce();
      h.clock.advance(1000);
      await h.driver.tickOnce();
      // the backend is down for a minute: nobody watches the cells
      h.clock.advance(60_000);
      await h.driver.tickOnce();
      const after = await h.releases.get('shop', id);
      expect(after.steps[0].state).toBe('baking');
      const events = await h.events(id);
      expect(events.find(e => e.type === 'bake-resumed')?.message).toMatch(
        /^Bake of step 1 was not watched for 60s \(paused or no backend driving it\): that time does not count; 2s of 15s baked, extended by 60s$/,
      );
      const done = await h.run(id, r => r.steps[0].state === 'succeeded');
      expect(bakeGate(done).message).toBe(
        'baked 15s (extended by 60s not watched healthy)',
      );
    });

    it('does not count time while new pods are not Ready', async () => {
      const { id } = await h.start(bakeBoth);
      await h.run(id, baking);
      await h.driver.tickOnce();
      h.clock.advance(1000);
      h.workloads.neverReady.add('v2');
      for (let i = 0; i < 20; i++) {
        await h.driver.tickOnce();
        h.clock.advance(1000);
      }
      const stalled = await h.releases.get('shop', id);
      expect(stalled.steps[0].state).toBe('baking');
      expect(bakeGate(stalled).message).toBe('1s of 15s baked');
      const events = await h.events(id);
      expect(events.find(e => e.type === 'bake-interrupted')?.message).toBe(
        'Bake of step 1 stopped: a: 0/2 pods Ready; b: 0/2 pods Ready; 1s of 15s baked, the rest counts once every cell is healthy again',
      );
      h.workloads.neverReady.delete('v2');
      const done = await h.run(id, r => r.steps[0].state === 'succeeded');
      expect(bakeGate(done).message).toMatch(
        /^baked 15s \(extended by 2\ds not watched healthy\)$/,
      );
    });
  });
});
