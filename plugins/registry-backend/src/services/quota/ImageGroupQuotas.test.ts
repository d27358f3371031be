import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogUser, createCellportTestDatabases } from '@cellport/test-utils';
import { Knex } from 'knex';
import { RegistryStore } from '../../database/RegistryStore';
import { ImageGroupQuotas } from './ImageGroupQuotas';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();
const TEAM = 'group:default/team-a';

describe.each(databases.eachSupportedId())('ImageGroupQuotas on %p', databaseId => {
  let knex: Knex;
  let store: RegistryStore;
  let quotas: ImageGroupQuotas;
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  async function createGroup(name: string, credentials = alice) {
    const groups = await quotas.checkNewGroup(credentials);
    await store.groups.createGroup({ name, visibility: 'private', description: '', owner: 'x' });
    await quotas.recordGroup(name, groups);
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await RegistryStore.create({ knex });
    quotas = new ImageGroupQuotas({
      knex,
      auth: mockServices.auth(),
      catalog: catalogServiceMock({
        entities: [catalogUser('alice', ['team-a', 'team-b']), catalogUser('bob', ['team-b'])],
      }),
    });
  });

  it("counts image groups against their creator's groups and enforces the quota", async () => {
    await createGroup('alpha');
    expect(await quotas.list()).toEqual([
      { ownerGroup: TEAM, limits: {}, usage: { imageGroups: 1 } },
      { ownerGroup: 'group:default/team-b', limits: {}, usage: { imageGroups: 1 } },
    ]);
    const set = await quotas.set('group:default/team-a', { imageGroups: 1 }, 'user:default/erin');
    expect(set).toMatchObject({ limits: { imageGroups: 1 }, usage: { imageGroups: 1 }, updatedBy: 'user:default/erin' });
    await expect(quotas.checkNewGroup(alice)).rejects.toThrow(
      `quota exceeded for ${TEAM}: image groups would be 2 of 1 (in use 1)`,
    );
    // bob is not in team-a
    await createGroup('beta', bob);
    expect((await quotas.list()).find(q => q.ownerGroup === 'group:default/team-b')!.usage).toEqual({
      imageGroups: 2,
    });
    // a deleted image group frees its place
    await store.groups.deleteGroup('alpha');
    await createGroup('gamma');
    await quotas.remove(TEAM);
    await expect(quotas.remove(TEAM)).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(quotas.set('team-a', {}, 'x')).rejects.toMatchObject({ name: 'InputError' });
    expect(await quotas.checkNewGroup(mockCredentials.service())).toEqual([]);
  });

  it('counts image pushes per day from the activity', async () => {
    await store.events.recordActivity('beta', 'beta/app', 'image-pushed', 'user:default/bob', {});
    await store.events.recordActivity('beta', 'beta/app', 'image-pushed', 'user:default/bob', {});
    await store.events.recordActivity('beta', 'beta/app', 'manifest-deleted', 'user:default/bob', {});
    const days = await quotas.pushesPerDay(7);
    expect(days).toHaveLength(7);
    expect(days[6]).toEqual({ date: new Date().toISOString().slice(0, 10), pushes: 2 });
    expect(days.slice(0, 6).every(d => d.pushes === 0)).toBe(true);
  });
});
