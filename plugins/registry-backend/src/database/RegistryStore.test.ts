import { createCellportTestDatabases } from '@cellport/test-utils';
import { RegistryStore } from './RegistryStore';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

describe.each(databases.eachSupportedId())('RegistryStore on %p', databaseId => {
  let store: RegistryStore;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    store = await RegistryStore.create({ knex });
  });

  it('creates groups with an Owner and repositories inheriting visibility', async () => {
    await store.groups.createGroup({ name: 'team', visibility: 'private', description: '', owner: 'user:default/alice' });
    await expect(
      store.groups.createGroup({ name: 'team', visibility: 'private', description: '', owner: 'user:default/bob' }),
    ).rejects.toThrow(/already exists/);
    const repo = await store.repositories.createRepository({ name: 'team/app', group: 'team', visibility: null, description: '', actor: 'user:default/alice' });
    expect(repo).toMatchObject({ name: 'team/app', group: 'team', visibility: 'private', visibilityOverride: null, pullCount: 0 });
    await store.groups.updateGroup('team', { visibility: 'public' }, 'user:default/alice');
    expect((await store.repositories.getRepository('team/app'))!.visibility).toBe('public');
    await store.repositories.updateRepository('team/app', { visibility: 'private' }, 'user:default/alice');
    expect((await store.repositories.getRepository('team/app'))!.visibility).toBe('private');
    expect((await store.groups.listGroups())[0]).toMatchObject({ name: 'team', repositoryCount: 1 });
  });

  it('stores tokens hashed, revokes them', async () => {
    const t = await store.tokens.createToken({ id: '0b7f8f0e-8f8e-4c8e-9a57-1d1f9f6b9c01', user: 'user:default/bob', name: 'ci', tokenHash: 'h1', expiresAt: new Date(Date.now() + 86_400_000) });
    expect(t).not.toHaveProperty('tokenHash');
    expect((await store.tokens.findTokenByHash('h1'))!.user).toBe('user:default/bob');
    await store.tokens.touchToken(t.id);
    expect((await store.tokens.listTokens('user:default/bob'))[0].lastUsedAt).toBeTruthy();
    expect(await store.tokens.revokeToken('user:default/alice', t.id)).toBe(false);
    expect(await store.tokens.revokeToken('user:default/bob', t.id)).toBe(true);
    expect((await store.tokens.findTokenByHash('h1'))!.revokedAt).toBeTruthy();
  });

  it('records robots, activity, tag pushes and dedupes events', async () => {
    await store.robots.createRobot({ group: 'team', name: 'builder', scopes: [{ repository: '*', actions: ['pull'] }], secretHash: 's', actor: 'user:default/alice' });
    expect((await store.robots.getRobot('team', 'builder'))!.scopes).toEqual([{ repository: '*', actions: ['pull'] }]);
    expect(await store.events.claimEvent('e1')).toBe(true);
    expect(await store.events.claimEvent('e1')).toBe(false);
    await store.events.recordTagPush({ repository: 'team/app', tag: 'v1', digest: 'sha256:a', pusher: 'alice', pushedAt: new Date() });
    await store.events.recordTagPush({ repository: 'team/app', tag: 'v1', digest: 'sha256:b', pusher: 'bob', pushedAt: new Date() });
    expect((await store.events.getTagPushes('team/app', ['v1'])).get('v1')).toMatchObject({ digest: 'sha256:b', pusher: 'bob' });
    await store.repositories.addPulls('team/app', 3);
    expect((await store.repositories.getRepository('team/app'))!.pullCount).toBe(3);
    const activity = await store.events.listActivity({ group: 'team', limit: 100 });
    expect(activity.map(a => a.action)).toContain('robot-created');
    const page = await store.events.listActivity({ group: 'team', limit: 2, before: activity[1].id });
    expect(page[0].id).toBeLessThan(activity[1].id);
  });

  it('remembers every pushed manifest and the user a robot was made for', async () => {
    await store.events.recordManifest('team/app', 'sha256:b', new Date());
    await store.events.recordManifest('team/app', 'sha256:a', new Date());
    await store.events.recordManifest('team/app', 'sha256:a', new Date());
    expect(await store.events.listManifests('team/app')).toEqual(['sha256:a', 'sha256:b']);
    await store.robots.createRobot({ group: 'team', name: 'cells-shop', scopes: [{ repository: 'app', actions: ['pull'] }], secretHash: 's2', actor: 'plugin:cells', onBehalfOf: 'user:default/bob' });
    expect(await store.robots.getRobot('team', 'cells-shop')).toMatchObject({ createdBy: 'plugin:cells', onBehalfOf: 'user:default/bob' });
    expect(await store.robots.getRobot('team', 'builder')).not.toHaveProperty('onBehalfOf');
  });

  it('deletes a group with everything in it', async () => {
    await store.groups.deleteGroup('team');
    expect(await store.groups.getGroup('team')).toBeUndefined();
    expect(await store.repositories.getRepository('team/app')).toBeUndefined();
    expect(await store.robots.listRobots('team')).toEqual([]);
    expect(await store.events.listManifests('team/app')).toEqual([]);
  });
});
