import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { FakeCellWorkloads } from './__testUtils__/FakeCellWorkloads';
import { AppService } from './AppService';
import { appsAtTheEdge } from './__testUtils__/atTheEdge';
import { appTestOptions, testCell } from './__testUtils__/appTestOptions';
import { PullCredentialsProvider } from './PullCredentials';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const CELLS = [testCell('dev-1'), testCell('dev-2')];

const alice = mockCredentials.user('user:default/alice');
const carol = mockCredentials.user('user:default/carol');

/** Pull credentials that name the repository; carol may pull nothing; `down` stands for no registry. */
function fakePullCredentials() {
  const state = { down: false };
  const provider = {
    forApp: jest.fn(
      async (request: Parameters<PullCredentialsProvider['forApp']>[0]) => {
        if (request.credentials === carol) {
          throw new NotAllowedError('carol may not pull');
        }
        return state.down
          ? undefined
          : { dockerConfigJson: `{"for":"${request.imageRepository}"}` };
      },
    ),
    revoke: jest.fn(async () => {}),
  } satisfies PullCredentialsProvider;
  return { provider, state };
}

describe.each(databases.eachSupportedId())(
  'AppService pull secrets on %p',
  databaseId => {
    let store: KnexAppStore;
    let workloads: FakeCellWorkloads;
    let pulls: ReturnType<typeof fakePullCredentials>;
    let apps: ReturnType<typeof appsAtTheEdge>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await applyAppMigrations(knex);
      store = KnexAppStore.create({ knex });
    });

    beforeEach(() => {
      workloads = new FakeCellWorkloads(CELLS.map(c => c.name));
      pulls = fakePullCredentials();
      apps = appsAtTheEdge(
        AppService.create({
          ...appTestOptions({ store, workloads, cells: CELLS }),
          pullCredentials: pulls.provider,
        }),
      );
    });

    afterEach(async () => {
      for (const name of ['shop', 'plain', 'nosecret']) {
        await store.deleteApp(name).catch(() => {});
      }
    });

    const secretIn = (cell: string, app: string) =>
      workloads.cells.get(cell)!.pullSecrets.get(app);

    it('gives a new app with an image repository its pull secret in every cell', async () => {
      await apps.createApp(alice, {
        name: 'shop',
        cells: ['dev-1', 'dev-2'],
        imageRepository: 'team/api',
      });
      expect(pulls.provider.forApp).toHaveBeenCalledWith({
        app: 'shop',
        imageRepository: 'team/api',
        credentials: alice,
      });
      expect(secretIn('dev-1', 'shop')).toBe('{"for":"team/api"}');
      expect(secretIn('dev-2', 'shop')).toBe('{"for":"team/api"}');

      // an app without an image repository asks for nothing
      await apps.createApp(alice, { name: 'plain', cells: ['dev-1'] });
      expect(pulls.provider.forApp).toHaveBeenCalledTimes(1);
      expect(secretIn('dev-1', 'plain')).toBeUndefined();
    });

    it('creates the app without a secret when the registry gives none', async () => {
      pulls.state.down = true;
      const app = await apps.createApp(alice, {
        name: 'nosecret',
        cells: ['dev-1', 'dev-2'],
        imageRepository: 'team/api',
      });
      expect(app.imageRepository).toBe('team/api');
      expect(workloads.cells.get('dev-1')!.namespaces.get('nosecret')).toBe(
        'cellport',
      );
      expect(secretIn('dev-1', 'nosecret')).toBeUndefined();
    });

    it('refuses an image repository the user may not pull before changing anything', async () => {
      await expect(
        apps.createApp(carol, {
          name: 'shop',
          cells: ['dev-1'],
          imageRepository: 'team/api',
        }),
      ).rejects.toBeInstanceOf(NotAllowedError);
      expect(workloads.touched('shop')).toBe(false);
      expect(await store.getApp('shop')).toBeUndefined();
    });

    it('revokes the robot when a cell fails the creation', async () => {
      workloads.failures.set('ensureApp:dev-2', new Error('boom'));
      await expect(
        apps.createApp(alice, {
          name: 'shop',
          cells: ['dev-1', 'dev-2'],
          imageRepository: 'team/api',
        }),
      ).rejects.toThrow('boom');
      expect(pulls.provider.revoke).toHaveBeenCalledWith({
        app: 'shop',
        imageRepository: 'team/api',
      });
    });

    it('re-applies the secret in every cell when the image repository changes, and revokes on delete', async () => {
      await apps.createApp(alice, {
        name: 'shop',
        cells: ['dev-1', 'dev-2'],
        imageRepository: 'team/api',
      });
      workloads.calls.length = 0;

      // the same repository, or other settings: the cells are left alone
      await apps.updateApp(alice, 'shop', {
        imageRepository: 'team/api',
        description: 'x',
      });
      expect(workloads.calls).toEqual([]);
      expect(pulls.provider.forApp).toHaveBeenCalledTimes(1);

      // another repository of the same group: the robot was replaced, nothing to revoke
      const updated = await apps.updateApp(alice, 'shop', {
        imageRepository: 'team/web',
      });
      expect(updated.imageRepository).toBe('team/web');
      expect(workloads.calls).toEqual(['ensureApp:dev-1', 'ensureApp:dev-2']);
      expect(secretIn('dev-1', 'shop')).toBe('{"for":"team/web"}');
      expect(secretIn('dev-2', 'shop')).toBe('{"for":"team/web"}');
      expect(pulls.provider.revoke).not.toHaveBeenCalled();

      // another group: the former group's robot goes
      await apps.updateApp(alice, 'shop', { imageRepository: 'other/web' });
      expect(secretIn('dev-2', 'shop')).toBe('{"for":"other/web"}');
      expect(pulls.provider.revoke).toHaveBeenCalledWith({
        app: 'shop',
        imageRepository: 'team/web',
      });

      // without a new secret (no registry) the cells keep the former one, and its robot
      pulls.state.down = true;
      pulls.provider.revoke.mockClear();
      await apps.updateApp(alice, 'shop', { imageRepository: 'third/web' });
      expect(secretIn('dev-1', 'shop')).toBe('{"for":"other/web"}');
      expect(pulls.provider.revoke).not.toHaveBeenCalled();
      await apps.updateApp(alice, 'shop', { imageRepository: 'other/web' });
      pulls.state.down = false;

      // a cell that does not answer: nothing changes
      workloads.setReachable('dev-2', false);
      workloads.calls.length = 0;
      await expect(
        apps.updateApp(alice, 'shop', { imageRepository: 'other/api' }),
      ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
      expect(workloads.calls).toEqual([]);
      expect((await store.getApp('shop'))!.imageRepository).toBe('other/web');
      workloads.setReachable('dev-2', true);

      // a user who may not pull from the new repository changes nothing
      await expect(
        apps.updateApp(carol, 'shop', { imageRepository: 'other/api' }),
      ).rejects.toBeInstanceOf(NotAllowedError);
      expect((await store.getApp('shop'))!.imageRepository).toBe('other/web');

      pulls.provider.revoke.mockClear();
      await apps.deleteApp(alice, 'shop');
      expect(pulls.provider.revoke).toHaveBeenCalledWith({
        app: 'shop',
        imageRepository: 'other/web',
      });
    });
  },
);
