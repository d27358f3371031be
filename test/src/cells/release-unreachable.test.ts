/*
 * A cell that goes down during a release: the REAL cells backend drives two simulated cells; the
 * second one becomes unreachable (the simulator's admin API closes its API port) before the step
 * that touches it. The release pauses saying so; a Master skips the cell and resumes; the release
 * succeeds in the other cell. Once the cell is back it still runs the old version, is shown as
 * drifted, and the finished release never puts anything of the new version into it; "sync cell"
 * then brings it up through a release of that cell alone.
 */
import { CellsApi, countEvents } from './api';
import { versionSpec } from './api';
import {
  CellsBackend,
  startCells,
  startCellsBackend,
  TestCells,
} from './harness';
import { startSampler } from './traffic';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(240_000);

const APP = 'shop';
const [A, B] = ['un-1', 'un-2'];
const TICK_MS = 250;

describe('a release with a cell that becomes unreachable', () => {
  let cells: TestCells;
  let backend: CellsBackend;
  let api: CellsApi;

  beforeAll(async () => {
    cells = await startCells('un', [A, B]);
    backend = await startCellsBackend({
      regions: cells.regions,
      cells: {
        releases: { tickIntervalMs: TICK_MS },
        requestTimeoutSeconds: 5,
      },
    });
    api = backend.api;
    await api.createAppWithVersion(APP, [A, B], 'v1', 2);
    await api.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v2',
      spec: versionSpec({ [A]: 2, [B]: 2 }, {}, 'example/shop:2.0.0'),
    });
  });

  afterAll(async () => {
    await cells?.setReachable(B, true).catch(() => {});
    await backend?.stop();
    await cells?.stop();
  });

  it('pauses before the step that needs the unreachable cell; skip-cell and resume finish it', async () => {
    const started = await api.startRelease(APP, {
      version: 'v2',
      steps: [
        {
          cells: [A],
          canary: { replicas: 1 },
          approval: 'manual',
          readyDeadlineSeconds: 120,
        },
        { cells: [A, B], canary: { percent: 100 }, readyDeadlineSeconds: 120 },
      ],
    });
    await api.waitForRelease(
      APP,
      started.id,
      'waiting-approval',
      r => r.state === 'waiting-approval',
    );

    // the cell goes down before step 2 starts
    await cells.setReachable(B, false);
    await api.act(APP, started.id, { action: 'promote' });
    const paused = await api.waitForRelease(
      APP,
      started.id,
      'paused',
      r => r.state === 'paused',
    );
    expect(paused.reason).toBe(`cell ${B} is unreachable`);
    expect(paused.currentStep).toBe(1);
    expect(paused.steps.map(s => s.state)).toEqual(['succeeded', 'pending']);
    // while paused the overview shows the cell down and the others as they are
    const down = await api.overview(APP);
    expect(down.cells[1]).toMatchObject({ cell: B, reachable: false });
    expect(down.cells[1].error).toContain(B);
    // the periodic health check (the real scheduler) sees it down too
    await eventually('the health check sees the cell unreachable', async () => {
      const res = await api.call('GET', `/cells/${B}`);
      return res.status === 200 && res.body.status?.reachable === false;
    });

    // resume is allowed, but skipping the cell is what lets the release go on without it
    const skipped = await api.act(APP, started.id, {
      action: 'skip-cell',
      cell: B,
    });
    expect(skipped.skippedCells).toEqual([B]);
    await api.act(APP, started.id, { action: 'resume' });
    const done = await api.waitForRelease(APP, started.id);
    expect({ state: done.state, reason: done.reason }).toEqual({
      state: 'succeeded',
      reason: undefined,
    });
    expect(done.skippedCells).toEqual([B]);

    const events = await api.releaseEvents(APP, started.id);
    expect(events.find(e => e.type === 'paused' && e.step === 1)).toMatchObject(
      {
        cell: B,
        message: `Paused before step 2: cell ${B} is unreachable; skip the cell or resume once it is back`,
      },
    );
    expect(events.find(e => e.type === 'cell-skipped')).toMatchObject({
      cell: B,
      actor: api.user,
    });
    expect(countEvents(events, 'step-started', 1)).toBe(1);
    expect(
      events.find(e => e.type === 'step-started' && e.step === 1)!.message,
    ).toBe(`Step 2/2 started: ${A} → 2 replica(s) of v2`);
    expect(events.filter(e => e.type === 'cell-completed')).toEqual([
      expect.objectContaining({ cell: A }),
    ]);
    expect(events[events.length - 1]).toMatchObject({
      type: 'succeeded',
      message: `Release of v2 succeeded; skipped (drifted): ${B}`,
    });
    expect(events.filter(e => e.cell === B).map(e => e.type)).toEqual([
      'paused',
      'cell-skipped',
    ]);
  });

  it('the skipped cell, back again, still runs v1, is shown drifted, and never gets v2', async () => {
    await cells.setReachable(B, true);
    // the backend sees the cell again on its own: the next periodic health check
    await eventually('the cell checked reachable', async () => {
      const res = await api.call('GET', `/cells/${B}`);
      return res.status === 200 && res.body.status?.reachable === true;
    });

    const app = await api.getApp(APP);
    expect(app.currentVersion).toBe('v2');
    expect(app.cells).toEqual([
      { cell: A, stableVersion: 'v2', drifted: false },
      { cell: B, stableVersion: 'v1', drifted: true },
    ]);
    const overview = await eventually(
      'both cells in the overview',
      async () => {
        const o = await api.overview(APP);
        return o.cells.every(c => c.reachable) && o;
      },
    );
    expect(overview.cells[0]).toMatchObject({
      cell: A,
      stableVersion: 'v2',
      drifted: false,
    });
    expect(overview.cells[1]).toMatchObject({
      cell: B,
      reachable: true,
      stableVersion: 'v1',
      drifted: true,
      versions: [
        expect.objectContaining({ version: 'v1', desired: 2, ready: 2 }),
      ],
    });
    expect(overview.cells[1].pods.map(p => p.version)).toEqual(['v1', 'v1']);

    // watch cell B for many driver ticks: nothing of v2 appears, v1 stays
    const watch = startSampler(
      async () => ({
        deployments: await cells.deployments(B, APP),
        versions: (await cells.pods(B, APP)).map(
          p => p.metadata?.labels?.['cellport.io/version'],
        ),
      }),
      TICK_MS,
    );
    try {
      await eventually('20 observations of cell B', async () =>
        watch.samples.length >= 20 ? true : undefined,
      );
    } finally {
      await watch.stop();
    }
    expect(watch.errors).toEqual([]);
    for (const { value } of watch.samples) {
      expect(value).toEqual({
        deployments: [`${APP}-v1`],
        versions: ['v1', 'v1'],
      });
    }
    expect(await cells.deployments(A, APP)).toEqual([`${APP}-v2`]);
    const releases = await api.listReleases(APP);
    expect(releases.map(r => r.state)).toEqual(['succeeded']);
  });

  it('"sync cell" brings the drifted cell to the current version through a release of its own', async () => {
    // a cell already on the current version has nothing to sync
    const refused = await api.call('POST', `/apps/${APP}/cells/${A}/sync`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('already serves');
    expect(
      (await api.call('POST', `/apps/${APP}/cells/nowhere/sync`)).status,
    ).toBe(404);

    const sync = await api.expect(201, 'POST', `/apps/${APP}/cells/${B}/sync`);
    expect(sync.version).toBe('v2');
    expect(sync.steps.map(s => s.plan.cells)).toEqual([[B]]);
    const done = await api.waitForRelease(APP, sync.id);
    expect(done.state).toBe('succeeded');
    const app = await api.getApp(APP);
    expect(app.cells).toEqual([
      { cell: A, stableVersion: 'v2', drifted: false },
      { cell: B, stableVersion: 'v2', drifted: false },
    ]);
    expect(await cells.deployments(B, APP)).toEqual([`${APP}-v2`]);
    // cell A was not part of it: its events name only B
    const events = await api.releaseEvents(APP, sync.id);
    expect(events.filter(e => e.cell === A)).toEqual([]);
  });
});
