// One file past 400 lines: the cases of the app service as the routes call it (apps, versions,
// scaling, views), on one store per database; pull secrets and cells have their own files.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { CellUnreachableError } from '../kube/errors';
import { FakeCellWorkloads } from './__testUtils__/FakeCellWorkloads';
import { AppService } from './AppService';
import { AppViews } from './AppViews';
import { appsAtTheEdge, viewsAtTheEdge } from './__testUtils__/atTheEdge';
import {
  allowingAccess,
  appTestOptions,
  testCell,
} from './__testUtils__/appTestOptions';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const CELLS = [testCell('dev-1'), testCell('dev-2'), testCell('la-1', 'la')];

const alice = mockCredentials.user('user:default/alice');

const version = (name: string, replicas: Record<string, number>) => ({
  name,
  spec: { image: `example/shop:${name}`, replicas },
});

describe.each(databases.eachSupportedId())('AppService on %p', databaseId => {
  let store: KnexAppStore;
  let workloads: FakeCellWorkloads;
  let access: ReturnType<typeof allowingAccess>;
  let apps: ReturnType<typeof appsAtTheEdge>;
  let views: ReturnType<typeof viewsAtTheEdge>;
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async () => [{ result: AuthorizeResult.ALLOW }]) as any,
  });

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    await applyAppMigrations(knex);
    store = KnexAppStore.create({ knex });
  });

  const guards = { afterDeleteApp: jest.fn(async (_app: string) => {}) };

  beforeEach(() => {
    guards.afterDeleteApp.mockClear();
    workloads = new FakeCellWorkloads(CELLS.map(c => c.name));
    access = allowingAccess();
    const options = {
      ...appTestOptions({ store, workloads, cells: CELLS }),
      access,
      permissions,
      guards,
    };
    apps = appsAtTheEdge(AppService.create(options));
    views = viewsAtTheEdge(AppViews.create(options));
  });

  it('refuses bad apps with 400 before touching any cell', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'Bad_Name', cells: ['dev-1'] }, /DNS-1123/],
      [{ name: 'shop', cells: [] }, /at least one cell/],
      [{ name: 'shop', cells: ['dev-1', 'nowhere'] }, /unknown cell 'nowhere'/],
      [{ name: 'shop', cells: ['dev-1', 'la-1'] }, /one region/],
      [
        { name: 'shop', production: true, cells: ['dev-1'] },
        /at least two cells/,
      ],
      [{ name: 'shop', cells: ['dev-1', 'dev-1'] }, /twice/],
      [{ name: 'kube-system', cells: ['dev-1'] }, /reserved/],
      [{ name: 'shop', cells: 'dev-1' }, /cells must be a list/],
    ];
    for (const [body, message] of cases) {
      await expect(apps.createApp(alice, body as any)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    }
    expect(workloads.calls).toEqual([]);
    expect(access.registerResource).not.toHaveBeenCalled();
    expect(await store.getApp('shop')).toBeUndefined();
  });

  it('refuses with 503 naming the cell when a chosen cell does not answer; nothing changed', async () => {
    workloads.setReachable('dev-2', false);
    await expect(
      apps.createApp(alice, {
        name: 'shop',
        production: true,
        cells: ['dev-1', 'dev-2'],
      }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining("cell 'dev-2' is unreachable"),
    });
    expect(workloads.touched('shop')).toBe(false);
    expect(await store.getApp('shop')).toBeUndefined();
  });

  it('rolls back every cell, the store and the owner when a cell fails midway', async () => {
    workloads.failures.set(
      'ensureApp:dev-2',
      new CellUnreachableError('dev-2', "cell 'dev-2' is unreachable"),
    );
    await expect(
      apps.createApp(alice, { name: 'shop', cells: ['dev-1', 'dev-2'] }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect(workloads.calls).toEqual(
      expect.arrayContaining([
        'ensureApp:dev-1',
        'ensureApp:dev-2',
        'deleteApp:dev-1',
      ]),
    );
    expect(workloads.touched('shop')).toBe(false);
    expect(await store.getApp('shop')).toBeUndefined();
    expect(access.unregisterResource).toHaveBeenCalledWith(alice, {
      kind: 'app',
      name: 'shop',
    });
  });

  it('refuses a name whose namespace Cellport does not own, or that is taken', async () => {
    workloads.cells.get('dev-2')!.namespaces.set('legacy', 'foreign');
    await expect(
      apps.createApp(alice, { name: 'legacy', cells: ['dev-1', 'dev-2'] }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/dev-2.*did not create/),
    });
    expect(workloads.cells.get('dev-1')!.namespaces.has('legacy')).toBe(false);
    await apps.createApp(alice, { name: 'taken', cells: ['dev-1'] });
    await expect(
      apps.createApp(alice, { name: 'taken', cells: ['dev-2'] }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await apps.deleteApp(alice, 'taken');
  });

  it('needs the create permission', async () => {
    permissions.authorize.mockResolvedValueOnce([
      { result: AuthorizeResult.DENY },
    ]);
    await expect(
      apps.createApp(alice, { name: 'shop', cells: ['dev-1'] }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  describe('with an app in two cells', () => {
    beforeEach(async () => {
      await apps.createApp(alice, {
        name: 'shop',
        production: true,
        cells: ['dev-1', 'dev-2'],
        description: 'The shop',
      });
    });
    afterEach(async () => {
      workloads.failures.clear();
      await store.deleteApp('shop');
    });

    it('creates it in every cell, registers the owner, lists it', async () => {
      expect(workloads.cells.get('dev-1')!.namespaces.get('shop')).toBe(
        'cellport',
      );
      expect(workloads.cells.get('dev-2')!.namespaces.get('shop')).toBe(
        'cellport',
      );
      expect(access.registerResource).toHaveBeenCalledWith(
        alice,
        { kind: 'app', name: 'shop' },
        expect.anything(),
      );
      const app = await apps.getApp(alice, 'shop');
      expect(app).toMatchObject({
        name: 'shop',
        region: 'dev',
        production: true,
        createdBy: 'user:default/alice',
        cells: [
          { cell: 'dev-1', drifted: false },
          { cell: 'dev-2', drifted: false },
        ],
      });
      expect(
        (await apps.listApps(alice, { q: 'sho' })).items.map(a => a.name),
      ).toEqual(['shop']);
      expect(await apps.listApps(alice, { q: 'zzz' })).toEqual({ items: [] });
    });

    it('deploys the first version to every cell as its stable version; later ones wait for a release', async () => {
      await apps.createVersion(
        alice,
        'shop',
        version('v1', { 'dev-1': 2, 'dev-2': 1 }),
      );
      expect(
        workloads.cells.get('dev-1')!.deployments.get('shop/v1')?.replicas,
      ).toBe(2);
      expect(
        workloads.cells.get('dev-2')!.deployments.get('shop/v1')?.replicas,
      ).toBe(1);
      let app = await apps.getApp(alice, 'shop');
      expect(app.currentVersion).toBe('v1');
      expect(app.cells.map(c => c.stableVersion)).toEqual(['v1', 'v1']);

      await apps.createVersion(alice, 'shop', version('v2', { 'dev-1': 3 }));
      expect(workloads.cells.get('dev-1')!.deployments.has('shop/v2')).toBe(
        false,
      );
      app = await apps.getApp(alice, 'shop');
      expect(app.cells.map(c => c.stableVersion)).toEqual(['v1', 'v1']);
      expect(
        (await apps.listVersions(alice, 'shop')).items.map(v => v.name),
      ).toEqual(['v2', 'v1']);
      await expect(
        apps.createVersion(alice, 'shop', version('v2', {})),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    });

    it('refuses bad versions with 400', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [version('V1', {}), /DNS-1123/],
        [version('v1', { 'la-1': 1 }), /not a cell of app 'shop'/],
        [version('v1', { 'dev-1': -1 }), /0 or more/],
        [
          {
            ...version('v1', {}),
            spec: {
              image: 'x',
              replicas: {},
              resources: {
                requests: { cpu: 'lots', memory: '1Mi' },
                limits: { cpu: '1', memory: '1Mi' },
              },
            },
          },
          /quantity/,
        ],
        [
          {
            ...version('v1', {}),
            spec: {
              image: 'x',
              replicas: {},
              resources: {
                requests: { cpu: '2', memory: '1Mi' },
                limits: { cpu: '1', memory: '1Mi' },
              },
            },
          },
          /must not exceed/,
        ],
        [{ name: 'v1' }, /spec/],
      ];
      for (const [body, message] of cases) {
        await expect(
          apps.createVersion(alice, 'shop', body as any),
        ).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringMatching(message),
        });
      }
      expect(await store.listVersions('shop')).toEqual([]);
      expect(workloads.calls.filter(c => c.startsWith('applyVersion'))).toEqual(
        [],
      );
    });

    it('rolls back a first deploy that fails in one cell', async () => {
      workloads.failures.set('applyVersion:dev-2', new Error('boom'));
      await expect(
        apps.createVersion(
          alice,
          'shop',
          version('v1', { 'dev-1': 1, 'dev-2': 1 }),
        ),
      ).rejects.toThrow('boom');
      expect(workloads.cells.get('dev-1')!.deployments.has('shop/v1')).toBe(
        false,
      );
      expect(await store.getVersion('shop', 'v1')).toBeUndefined();
      const app = await store.getApp('shop');
      expect(app?.cells.map(c => c.stableVersion)).toEqual([
        undefined,
        undefined,
      ]);
      expect(app?.currentVersion).toBeUndefined();
    });

    it('scales a version in one cell, draining when it goes down', async () => {
      await apps.createVersion(
        alice,
        'shop',
        version('v1', { 'dev-1': 2, 'dev-2': 2 }),
      );
      const up = await apps.scaleVersion(alice, 'shop', 'v1', {
        cell: 'dev-1',
        replicas: 4,
      });
      expect(up.desired).toBe(4);
      await apps.scaleVersion(alice, 'shop', 'v1', {
        cell: 'dev-1',
        replicas: 1,
      });
      expect(workloads.calls).toContain('drainAndScale:dev-1');
      expect(
        workloads.cells.get('dev-2')!.deployments.get('shop/v1')?.replicas,
      ).toBe(2);
      await expect(
        apps.scaleVersion(alice, 'shop', 'v1', { cell: 'la-1', replicas: 1 }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        apps.scaleVersion(alice, 'shop', 'v1', { cell: 'dev-1', replicas: -1 }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        apps.scaleVersion(alice, 'shop', 'v9', { cell: 'dev-1', replicas: 1 }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('removes only versions no cell serves', async () => {
      await apps.createVersion(
        alice,
        'shop',
        version('v1', { 'dev-1': 1, 'dev-2': 1 }),
      );
      await apps.createVersion(
        alice,
        'shop',
        version('v2', { 'dev-1': 1, 'dev-2': 1 }),
      );
      await expect(
        apps.removeVersion(alice, 'shop', 'v1'),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('dev-1, dev-2'),
      });
      await apps.removeVersion(alice, 'shop', 'v2');
      expect(workloads.calls).toEqual(
        expect.arrayContaining(['removeVersion:dev-1', 'removeVersion:dev-2']),
      );
      expect((await store.listVersions('shop')).map(v => v.name)).toEqual([
        'v1',
      ]);
      await expect(
        apps.removeVersion(alice, 'shop', 'v2'),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('deletes the app only when every cell answers', async () => {
      workloads.setReachable('dev-2', false);
      await expect(apps.deleteApp(alice, 'shop')).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining("cell 'dev-2'"),
      });
      expect(workloads.cells.get('dev-1')!.namespaces.has('shop')).toBe(true);
      expect(await store.getApp('shop')).toBeDefined();
      expect(guards.afterDeleteApp).not.toHaveBeenCalled();
      workloads.setReachable('dev-2', true);
      await apps.deleteApp(alice, 'shop');
      expect(guards.afterDeleteApp).toHaveBeenCalledWith('shop');
      expect(workloads.touched('shop')).toBe(false);
      expect(await store.getApp('shop')).toBeUndefined();
      expect(access.unregisterResource).toHaveBeenCalled();
    });

    it('shows every cell, an unreachable one without failing the view; merges events newest first', async () => {
      await apps.createVersion(
        alice,
        'shop',
        version('v1', { 'dev-1': 1, 'dev-2': 1 }),
      );
      workloads.setReachable('dev-2', false);
      const overview = await views.overview(alice, 'shop');
      expect(overview.cells[0]).toMatchObject({
        cell: 'dev-1',
        reachable: true,
        stableVersion: 'v1',
        versions: [{ version: 'v1', desired: 1 }],
      });
      expect(overview.cells[1]).toMatchObject({
        cell: 'dev-2',
        reachable: false,
        error: expect.stringContaining('dev-2'),
        versions: [],
      });
      const events = await views.events(alice, 'shop');
      expect(events.items.map(e => e.cell)).toEqual(['dev-1']);
      expect(events.errors).toEqual([
        { cell: 'dev-2', error: expect.stringContaining('dev-2') },
      ]);
      workloads.setReachable('dev-2', true);
      expect(
        (await views.events(alice, 'shop')).items.map(e => e.cell),
      ).toEqual(['dev-1', 'dev-2']);
    });

    it('answers the caller permissions and refuses pods of other cells', async () => {
      access.isAllowed.mockImplementation(async (...args: unknown[]) =>
        (args[1] as { name: string }).name.includes('read'),
      );
      expect(await views.permissions(alice, 'shop')).toEqual({
        deploy: false,
        scale: false,
        release: false,
        update: false,
        delete: false,
        membersManage: false,
        logs: true,
        events: true,
      });
      await expect(
        views.streamPodLog(alice, 'shop', 'la-1', 'p', {}, process.stdout),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        views.streamPodLog(
          alice,
          'shop',
          'dev-1',
          'p',
          { tailLines: '-3' },
          process.stdout,
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
    });
  });
});
