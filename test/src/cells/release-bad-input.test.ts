/*
 * Bad release requests against the real cells backend and two simulated cells: every one is
 * refused with a 4xx and a message saying what is wrong, and nothing changes in any cell (no new
 * Deployment, the stable version untouched, no release recorded). A second release while one is
 * live is refused too, and leaves the live one alone.
 */
import { CellsApi, versionSpec } from './api';
import {
  BOB,
  CellsBackend,
  startCells,
  startCellsBackend,
  TestCells,
} from './harness';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(180_000);

const APP = 'shop';
const [A, B] = ['bi-1', 'bi-2'];

describe('release requests with bad input', () => {
  let cells: TestCells;
  let other: TestCells;
  let backend: CellsBackend;
  let api: CellsApi;
  /** What the cells ran before the bad requests: Deployment names and v1's generation. */
  let before: Record<string, { deployments: string[]; v1: unknown }>;

  const cellState = async () => {
    const state: typeof before = {};
    for (const cell of [A, B]) {
      const v1 = await cells.clients[cell].apps.readNamespacedDeployment({
        name: `${APP}-v1`,
        namespace: APP,
      });
      state[cell] = {
        deployments: await cells.deployments(cell, APP),
        v1: {
          generation: v1.metadata?.generation,
          replicas: v1.spec?.replicas,
          image: v1.spec?.template?.spec?.containers?.[0]?.image,
        },
      };
    }
    return state;
  };

  beforeAll(async () => {
    cells = await startCells('bi', [A, B]);
    // a configured cell of another region: known to the backend, not a cell of the app
    other = await startCells('bo', ['bo-1']);
    backend = await startCellsBackend({
      regions: [...cells.regions, ...other.regions],
    });
    api = backend.api;
    await api.createAppWithVersion(APP, [A, B], 'v1', 1);
    await api.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v2',
      spec: versionSpec({ [A]: 1, [B]: 1 }, {}, 'example/shop:2.0.0'),
    });
    await api.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v3',
      spec: versionSpec({ [A]: 1, [B]: 1 }, {}, 'example/shop:3.0.0'),
    });
    before = await cellState();
  });

  afterAll(async () => {
    await backend?.stop();
    await other?.stop();
    await cells?.stop();
  });

  const full = (cellNames: string[]) => ({
    cells: cellNames,
    canary: { percent: 100 },
  });
  const canary = (cellNames: string[], replicas: number) => ({
    cells: cellNames,
    canary: { replicas },
  });

  it('refuses bad plans with 400 and a message, changing nothing in any cell', async () => {
    expect(before[A].deployments).toEqual([`${APP}-v1`]);
    expect(before[B].deployments).toEqual([`${APP}-v1`]);
    const bad: Array<[string, unknown, RegExp]> = [
      [
        'invalid version name',
        { version: 'V2_bad', steps: [full([A, B])] },
        /version name must be a DNS-1123 label/,
      ],
      [
        'invalid cell name',
        { version: 'v2', steps: [full([A, 'Bad_Cell'])] },
        /cell name must be a DNS-1123 label/,
      ],
      [
        'unknown cell',
        { version: 'v2', steps: [full([A, B, 'bi-9'])] },
        /cell 'bi-9' is not a cell of app 'shop'/,
      ],
      [
        'a configured cell that is not the app\u2019s',
        { version: 'v2', steps: [full([A, B, 'bo-1'])] },
        /cell 'bo-1' is not a cell of app 'shop'/,
      ],
      [
        'a cell named twice in a step',
        { version: 'v2', steps: [full([A, B, A])] },
        /cell 'bi-1' is named twice/,
      ],
      [
        'a cell that never reaches 100%',
        { version: 'v2', steps: [canary([A, B], 1), full([A])] },
        /cell 'bi-2' never reaches 100%/,
      ],
      [
        'negative canary replicas',
        { version: 'v2', steps: [canary([A], -1), full([A, B])] },
        /steps\.0\.canary\.replicas: Too small: expected number to be >=1/,
      ],
      [
        'zero canary replicas',
        { version: 'v2', steps: [canary([A], 0), full([A, B])] },
        /steps\.0\.canary\.replicas: Too small: expected number to be >=1/,
      ],
      [
        'percent above 100',
        {
          version: 'v2',
          steps: [{ cells: [A, B], canary: { percent: 150 } }],
        },
        /steps\.0\.canary\.percent: Too big: expected number to be <=100/,
      ],
      [
        'negative bake',
        { version: 'v2', steps: [{ ...full([A, B]), bakeSeconds: -1 }] },
        /steps\.0\.bakeSeconds: Too small: expected number to be >=0/,
      ],
      [
        'no steps',
        { version: 'v2', steps: [] },
        /a release has at least one step/,
      ],
      [
        'steps not a list',
        { version: 'v2', steps: 'all at once' },
        /steps: Invalid input: expected array/,
      ],
      [
        'a step without cells',
        { version: 'v2', steps: [{ cells: [], canary: { percent: 100 } }] },
        /a step names at least one cell/,
      ],
      [
        'an unknown gate source',
        {
          version: 'v2',
          steps: [
            {
              ...full([A, B]),
              metrics: [
                {
                  name: 'errors',
                  source: 'nagios',
                  query: 'up',
                  op: '<',
                  threshold: 1,
                },
              ],
            },
          ],
        },
        /unknown gate source 'nagios'/,
      ],
      [
        'an unknown failure policy',
        { version: 'v2', steps: [full([A, B])], onFailure: 'ignore' },
        /onFailure: Invalid option/,
      ],
    ];
    for (const [what, body, message] of bad) {
      const res = await api.call('POST', `/apps/${APP}/releases`, body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect({ what, message: res.body?.error?.message }).toEqual({
        what,
        message: expect.stringMatching(message),
      });
    }

    const malformed = await api.call(
      'POST',
      `/apps/${APP}/releases`,
      undefined,
      { rawBody: '{"version": "v2", "steps": [' },
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toEqual(expect.any(String));

    const unknownVersion = await api.call('POST', `/apps/${APP}/releases`, {
      version: 'v9',
      steps: [full([A, B])],
    });
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.error.message).toMatch(
      /Version 'v9' of app 'shop' not found/,
    );
    // releasing the version the cells already serve would only cut them to a canary of itself
    const current = await api.call('POST', `/apps/${APP}/releases`, {
      version: 'v1',
      steps: [canary([A], 1), full([A, B])],
    });
    expect(current.status).toBe(409);
    expect(current.body.error.message).toBe(
      'v1 is already the version cells bi-1, bi-2 serve: there is nothing to release; create a new version, or release another one',
    );
    const unknownApp = await api.call('POST', '/apps/nope/releases', {
      version: 'v2',
      steps: [full([A, B])],
    });
    expect(unknownApp.status).toBe(404);
    // a non-member does not learn that the app exists
    const stranger = await api.as(BOB).call('POST', `/apps/${APP}/releases`, {
      version: 'v2',
      steps: [full([A, B])],
    });
    expect(stranger.status).toBe(404);

    // a version asking for negative replicas is refused before any release could use it
    const negative = await api.call('POST', `/apps/${APP}/versions`, {
      name: 'v4',
      spec: versionSpec({ [A]: -1, [B]: 1 }),
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toMatch(/replicas must be 0 or more/);

    // versions larger than the cells' nodes can hold are refused, saying what fits
    await eventually('the cells\' nodes known to the backend', async () => {
      const cell = await api.expect(200, 'GET', `/cells/${A}`);
      return cell.status.nodes?.length > 0;
    });
    const sized = (cpu: string, memory: string, replicas = 1) => ({
      ...versionSpec({ [A]: replicas, [B]: 1 }),
      resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    });
    const tooLarge: Array<[string, unknown, RegExp]> = [
      [
        '100,000 cores per pod',
        sized('100000', '128Mi'),
        /^a pod requests 100000 cores of CPU, but the largest node of cell 'bi-1' allocates \d+ cores to pods: request at most \d+ cores$/,
      ],
      [
        '1 Ti of memory per pod',
        sized('100m', '1Ti'),
        /^a pod requests 1024 GiB of memory, but the largest node of cell 'bi-1' allocates [\d.]+ GiB to pods: request at most [\d.]+ GiB$/,
      ],
      [
        '500 replicas',
        sized('100m', '128Mi', 500),
        /^cell 'bi-1' fits at most \d+ replicas of 0\.1 cores and 128 MiB each \(its nodes allocate .+\); 500 replicas do not fit: ask for fewer, or smaller pods$/,
      ],
    ];
    for (const [what, spec, message] of tooLarge) {
      const res = await api.call('POST', `/apps/${APP}/versions`, {
        name: 'v5',
        spec,
      });
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect({ what, message: res.body?.error?.message }).toEqual({
        what,
        message: expect.stringMatching(message),
      });
    }

    expect(await api.listReleases(APP)).toEqual([]);
    expect(await cellState()).toEqual(before);
    expect(await other.deployments('bo-1', APP)).toEqual([]);
    const versions = await api.expect(200, 'GET', `/apps/${APP}/versions`);
    expect(versions.items.map((v: { name: string }) => v.name)).toEqual([
      'v3',
      'v2',
      'v1',
    ]);
    const app = await api.getApp(APP);
    expect(app.cells.map(c => c.stableVersion)).toEqual(['v1', 'v1']);
  });

  it('refuses a second release while one is live, and bad actions on the live one', async () => {
    const live = await api.startRelease(APP, {
      version: 'v2',
      steps: [
        { ...canary([A], 1), approval: 'manual', readyDeadlineSeconds: 120 },
        full([A, B]),
      ],
    });
    // wait until the live release has done something in a cell: its canary waits for approval
    await api.waitForRelease(
      APP,
      live.id,
      'waiting-approval',
      r => r.state === 'waiting-approval',
    );

    for (const version of ['v3', 'v2']) {
      const second = await api.call('POST', `/apps/${APP}/releases`, {
        version,
        steps: [full([A, B])],
      });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toContain(
        `Release ${live.id} (version v2) is waiting-approval for app 'shop': finish or abort it first`,
      );
    }
    const badActions: Array<[unknown, number, RegExp]> = [
      [{ action: 'explode' }, 400, /action/i],
      [{ action: 'skip-cell', cell: 'bi-9' }, 400, /Cell 'bi-9' is not part/],
      [{ action: 'skip-cell', cell: A }, 409, /pause it first/],
      [{ action: 'resume' }, 409, /it is waiting-approval/],
      [{ action: 'retry' }, 409, /it is waiting-approval/],
    ];
    for (const [body, status, message] of badActions) {
      const res = await api.call(
        'POST',
        `/apps/${APP}/releases/${live.id}/actions`,
        body,
      );
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error.message).toMatch(message);
    }
    const malformed = await api.call(
      'POST',
      `/apps/${APP}/releases/${live.id}/actions`,
      undefined,
      { rawBody: '{"action":' },
    );
    expect(malformed.status).toBe(400);

    // only the live release exists; its canary is the only new Deployment; v3 is nowhere
    const releases = await api.listReleases(APP);
    expect(releases.map(r => r.id)).toEqual([live.id]);
    expect(releases[0].state).toBe('waiting-approval');
    expect(await cells.deployments(A, APP)).toEqual([`${APP}-v1`, `${APP}-v2`]);
    expect(await cells.deployments(B, APP)).toEqual([`${APP}-v1`]);

    // aborting ends it; the canary leaves and the cells are as before
    await api.act(APP, live.id, { action: 'abort' });
    const done = await api.waitForRelease(APP, live.id);
    expect(done.state).toBe('rolled-back');
    expect(done.reason).toBe(`aborted by ${api.user}`);
    await eventually('the canary gone from bi-1', async () =>
      (await cells.pods(A, APP, 'v2')).length === 0 ? true : undefined,
    );
    expect(await cells.deployments(B, APP)).toEqual([`${APP}-v1`]);
    const after = await cellState();
    expect(after[B]).toEqual(before[B]);
    expect(after[A].v1).toEqual(before[A].v1);
  });
});
