import { createCellportTestDatabases } from '@cellport/test-utils';
import { decodeCursor, fetchAllPages } from '@cellport/common';
import { Knex } from 'knex';
import { RegistryStore } from './RegistryStore';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

describe.each(databases.eachSupportedId())('RegistryStore on %p', databaseId => {
  let store: RegistryStore;
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
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
    expect((await store.groups.listGroups({ limit: 100 })).items[0]).toMatchObject({ name: 'team', repositoryCount: 1 });
  });

  it('pages tokens newest first by time then id, ties included, each once', async () => {
    const user = 'user:default/pager';
    const ids = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    for (const id of ids) {
      await store.tokens.createToken({ id, user, name: id, tokenHash: `hash-${id}`, expiresAt: new Date(Date.now() + 86_400_000) });
    }
    // three tokens share one creation time: the id orders them
    const same = new Date('2026-01-02T03:04:05.678Z');
    await knex('registry_tokens').whereIn('id', ids.slice(2, 5)).update({ created_at: same });
    await knex('registry_tokens').whereIn('id', ids.slice(0, 2)).update({ created_at: new Date('2026-01-01T00:00:00.000Z') });
    const pages: string[][] = [];
    const all = await fetchAllPages(async cursor => {
      const page = await store.tokens.listTokens(user, { limit: 2, ...(cursor ? { after: decodeCursor(cursor, 2) } : {}) });
      pages.push(page.items.map(t => t.id));
      return page;
    });
    expect(all.map(t => t.id)).toEqual([ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(pages.map(p => p.length)).toEqual([2, 2, 2, 1]);
  });

  it('stores tokens hashed, revokes them', async () => {
    const t = await store.tokens.createToken({ id: '0b7f8f0e-8f8e-4c8e-9a57-1d1f9f6b9c01', user: 'user:default/bob', name: 'ci', tokenHash: 'h1', expiresAt: new Date(Date.now() + 86_400_000) });
    expect(t).not.toHaveProperty('tokenHash');
    expect((await store.tokens.findTokenByHash('h1'))!.user).toBe('user:default/bob');
    await store.tokens.touchToken(t.id);
    expect((await store.tokens.listTokens('user:default/bob', { limit: 100 })).items[0].lastUsedAt).toBeTruthy();
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
    expect(await store.robots.listRobots('team', { limit: 100 })).toEqual({ items: [] });
    expect(await store.events.listManifests('team/app')).toEqual([]);
  });
});
