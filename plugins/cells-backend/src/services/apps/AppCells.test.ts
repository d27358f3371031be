import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  addAppCellRequestSchema,
  createVersionRequestSchema,
} from '@cellport/plugin-cells-common';
import { parseInput } from '@cellport/plugin-access-node';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { CellUnreachableError } from '../kube/errors';
import { FakeCellWorkloads } from './__testUtils__/FakeCellWorkloads';
import { AppService } from './AppService';
import {
  allowingAccess,
  appTestOptions,
  testCell,
} from './__testUtils__/appTestOptions';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const CELLS = [testCell('dev-1'), testCell('dev-2'), testCell('la-1', 'la')];
const alice = mockCredentials.user('user:default/alice');
const spec = {
  image: 'example/shop:1',
  replicas: { 'dev-1': 1 },
  resources: {
    requests: { cpu: '10m', memory: '16Mi' },
    limits: { cpu: '100m', memory: '64Mi' },
  },
};

describe.each(databases.eachSupportedId())(
  'Adding a cell to an app on %p',
  databaseId => {
    let store: KnexAppStore;
    let workloads: FakeCellWorkloads;
    let apps: AppService;
    const authorize = jest.fn(async () => ({}) as any);
    const add = async (app: string, body: unknown) =>
      apps.addCell(alice, app, parseInput(addAppCellRequestSchema, body));

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await applyAppMigrations(knex);
      store = KnexAppStore.create({ knex });
    });

    beforeEach(async () => {
      workloads = new FakeCellWorkloads(CELLS.map(c => c.name));
      authorize.mockReset();
      authorize.mockImplementation(async () => ({}) as any);
      apps = AppService.create({
        ...appTestOptions({ store, workloads, cells: CELLS }),
        access: { ...allowingAccess(), authorize },
      });
      await apps.createApp(alice, {
        name: 'shop',
        cells: ['dev-1'],
        production: false,
      });
      await apps.versions.create(
        alice,
        'shop',
        parseInput(createVersionRequestSchema, { name: 'v1', spec }),
      );
    });

    afterEach(async () => {
      await store.deleteApp('shop');
    });

    it('adds a cell of the region with its namespace, running a version with its replicas', async () => {
      const app = await add('shop', {
        cell: 'dev-2',
        version: 'v1',
        replicas: 2,
      });
      expect(app.cells).toEqual([
        { cell: 'dev-1', stableVersion: 'v1', drifted: false },
        { cell: 'dev-2', stableVersion: 'v1', drifted: false },
      ]);
      expect(workloads.cells.get('dev-2')!.namespaces.get('shop')).toBe(
        'cellport',
      );
      expect(workloads.cells.get('dev-2')!.deployments.get('shop/v1')).toEqual(
        { image: 'example/shop:1', replicas: 2 },
      );
      // the version's spec records the replicas (a later rollback restores them)
      expect((await store.getVersion('shop', 'v1'))!.spec.replicas).toEqual({
        'dev-1': 1,
        'dev-2': 2,
      });
      expect(authorize).toHaveBeenCalledWith(
        alice,
        expect.objectContaining({ name: 'cellport.app.update' }),
        { kind: 'app', name: 'shop' },
      );
    });

    it('adds a cell serving nothing when no version is given', async () => {
      const app = await add('shop', { cell: 'dev-2' });
      expect(app.cells[1]).toEqual({ cell: 'dev-2', drifted: false });
      expect(workloads.cells.get('dev-2')!.deployments.size).toBe(0);
    });

    it('refuses bad input with what to fix, touching no cell', async () => {
      const cases: Array<[string, unknown, string, RegExp]> = [
        ['shop', { cell: 'dev-1' }, 'ConflictError', /already runs in cell 'dev-1'/],
        ['shop', { cell: 'nowhere' }, 'InputError', /unknown cell 'nowhere'/],
        ['shop', { cell: 'la-1' }, 'InputError', /region 'la'.*region 'dev' \(cells it could add: dev-2\)/],
        ['shop', { cell: 'dev-2', version: 'v9' }, 'NotFoundError', /no version 'v9'/],
        ['shop', { cell: 'dev-2', replicas: 2 }, 'InputError', /replicas need a version/],
        ['shop', { cell: 'dev-2', version: 'v1', replicas: -1 }, 'InputError', /0 or more/],
        ['shop', { cell: 'Dev_2' }, 'InputError', /DNS-1123/],
        ['shop', { cell: 'dev-2', extra: 1 }, 'InputError', /extra/],
        ['nope', { cell: 'dev-2' }, 'NotFoundError', /App 'nope' not found/],
      ];
      workloads.calls.length = 0;
      for (const [app, body, name, message] of cases) {
        await expect(add(app, body)).rejects.toMatchObject({
          name,
          message: expect.stringMatching(message),
        });
      }
      expect(workloads.calls).toEqual([]);
      expect((await store.getApp('shop'))!.cells).toHaveLength(1);
    });

    it('needs the update permission on the app', async () => {
      authorize.mockRejectedValueOnce(new NotAllowedError('not allowed'));
      await expect(add('shop', { cell: 'dev-2' })).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
      expect(workloads.touched('shop')).toBe(true); // dev-1 only
      expect(workloads.cells.get('dev-2')!.namespaces.size).toBe(0);
    });

    it('refuses a namespace Cellport does not own there, and an unreachable cell', async () => {
      workloads.cells.get('dev-2')!.namespaces.set('shop', 'foreign');
      await expect(add('shop', { cell: 'dev-2' })).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/dev-2.*did not create/),
      });
      workloads.cells.get('dev-2')!.namespaces.delete('shop');
      workloads.setReachable('dev-2', false);
      await expect(add('shop', { cell: 'dev-2' })).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
      });
      expect((await store.getApp('shop'))!.cells).toHaveLength(1);
    });

    it('removes what it made in the cell when the version fails there; the app keeps its cells', async () => {
      workloads.failures.set(
        'applyVersion:dev-2',
        new CellUnreachableError('dev-2', "cell 'dev-2' is unreachable"),
      );
      await expect(
        add('shop', { cell: 'dev-2', version: 'v1' }),
      ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
      expect(workloads.calls).toEqual(
        expect.arrayContaining(['ensureApp:dev-2', 'deleteApp:dev-2']),
      );
      expect(workloads.cells.get('dev-2')!.namespaces.has('shop')).toBe(false);
      expect((await store.getApp('shop'))!.cells).toHaveLength(1);
      expect((await store.getVersion('shop', 'v1'))!.spec.replicas).toEqual({
        'dev-1': 1,
      });
    });

    it("checks the new cell's requests against the quotas before touching it, and records the deploy", async () => {
      const checkDeploy = jest.fn(async (): Promise<void> => {
        throw new InputError(
          "quota 'cpu requests' of group:default/team-a: 20m in use + 20m asked exceeds 30m",
        );
      });
      const quota = {
        ownerGroupsOfNewApp: jest.fn(async () => []),
        exclusive: <T>(_groups: string[], change: () => Promise<T>) => change(),
        exclusiveForApp: <T>(_app: string, change: () => Promise<T>) =>
          change(),
        checkNewApp: jest.fn(async () => {}),
        recordApp: jest.fn(async () => {}),
        checkDeploy,
        checkScale: jest.fn(async () => {}),
        recordScale: jest.fn(async () => {}),
      };
      const operations = { record: jest.fn(async () => {}) };
      apps = AppService.create({
        ...appTestOptions({ store, workloads, cells: CELLS }),
        quota,
        operations,
      });
      workloads.calls.length = 0;
      await expect(
        add('shop', { cell: 'dev-2', version: 'v1', replicas: 2 }),
      ).rejects.toThrow(/quota 'cpu requests'/);
      expect(checkDeploy).toHaveBeenCalledWith(
        'shop',
        expect.objectContaining({ replicas: { 'dev-2': 2 } }),
        ['dev-2'],
      );
      expect(workloads.calls).toEqual([]);
      expect(operations.record).not.toHaveBeenCalled();

      checkDeploy.mockImplementation(async () => {});
      await add('shop', { cell: 'dev-2', version: 'v1', replicas: 2 });
      expect(operations.record).toHaveBeenCalledWith({
        kind: 'deploy',
        app: 'shop',
        version: 'v1',
        cell: 'dev-2',
        actor: 'user:default/alice',
      });
    });
  },
);
