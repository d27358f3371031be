import { mockCredentials } from '@backstage/backend-test-utils';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { createTestApp } from './__testUtils__/testing';

const user = (name: string) => mockCredentials.user.header(`user:default/${name}`);
const [alice, carol, dave] = ['alice', 'carol', 'dave'].map(user);
const cells = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:cells'),
  targetPluginId: 'registry',
});
const basic = (u: string, p: string) =>
  `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const member = (ref: string) => encodeURIComponent(`user:default/${ref}`);

describe('registry router: the holes of issue 18', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'sec' }).expect(201);
    await request(t.app).post('/groups/sec/repositories').set('authorization', alice).send({ name: 'priv' }).expect(201);
    for (const [name, role] of [['bob', 'reporter'], ['dave', 'developer']]) {
      await request(t.app).post('/groups/sec/members').set('authorization', alice).send({ member: `user:default/${name}`, role }).expect(201);
    }
  }, 60_000); // a loaded CI machine: the app, its validator and the seed data take a while

  const grants = async (auth: string | undefined, scope: string) => {
    const r = request(t.app).get('/token').query({ service: 'cellport-registry', scope });
    if (auth) r.set('authorization', auth);
    return decodeJwt((await r.expect(200)).body.token).access as any[];
  };

  it("keeps a repository's visibility within its group's unless the group's Owner says so", async () => {
    const refused = await request(t.app).post('/groups/sec/repositories').set('authorization', dave).send({ name: 'leak', visibility: 'public' }).expect(403);
    expect(refused.body.error.message).toMatch(/image group 'sec' is private/);
    await request(t.app).post('/groups/sec/repositories').set('authorization', dave).send({ name: 'mine' }).expect(201);
    // dave owns sec/mine, yet may not publish it out of the private group
    await request(t.app).put('/repositories/sec/mine/visibility').set('authorization', dave).send({ visibility: 'public' }).expect(403);
    await request(t.app).patch('/repositories/sec/mine').set('authorization', dave).send({ visibility: 'public' }).expect(403);
    expect(await grants(undefined, 'repository:sec/mine:pull')).toEqual([{ type: 'repository', name: 'sec/mine', actions: [] }]);
    // the group's Owner may
    await request(t.app).put('/repositories/sec/mine/visibility').set('authorization', alice).send({ visibility: 'public' }).expect(204);
    expect(await grants(undefined, 'repository:sec/mine:pull')).toEqual([{ type: 'repository', name: 'sec/mine', actions: ['pull'] }]);
    // in a public group, public is no more than the group's
    await request(t.app).post('/groups').set('authorization', dave).send({ name: 'open', visibility: 'public' }).expect(201);
    await request(t.app).post('/groups/open/repositories').set('authorization', dave).send({ name: 'site', visibility: 'public' }).expect(201);
  });

  it('counts only the repositories the caller sees in repositoryCount', async () => {
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'cnt', visibility: 'public' }).expect(201);
    await request(t.app).post('/groups/cnt/repositories').set('authorization', alice).send({ name: 'shown' }).expect(201);
    await request(t.app).post('/groups/cnt/repositories').set('authorization', alice).send({ name: 'hidden', visibility: 'private' }).expect(201);
    const count = async (auth: string) =>
      (await request(t.app).get('/groups').set('authorization', auth).expect(200)).body.items.find((g: any) => g.name === 'cnt').repositoryCount;
    expect(await count(alice)).toBe(2);
    expect(await count(carol)).toBe(1);
  });

  it("bounds a robot made for a user by that user's rights at every token request", async () => {
    const robot = await request(t.app)
      .post('/groups/sec/robots')
      .set('authorization', cells)
      .send({ name: 'cells-app', scopes: [{ repository: 'priv', actions: ['pull'] }], onBehalfOf: 'user:default/bob' })
      .expect(201);
    expect(robot.body.onBehalfOf).toBe('user:default/bob');
    const creds = basic(robot.body.username, robot.body.secret);
    expect(await grants(creds, 'repository:sec/priv:pull')).toEqual([{ type: 'repository', name: 'sec/priv', actions: ['pull'] }]);
    // bob leaves the group: the robot made for him stops pulling with him
    await request(t.app).delete(`/groups/sec/members/${member('bob')}`).set('authorization', alice).expect(204);
    expect(await grants(creds, 'repository:sec/priv:pull')).toEqual([{ type: 'repository', name: 'sec/priv', actions: [] }]);
    // and works again when he is back
    await request(t.app).post('/groups/sec/members').set('authorization', alice).send({ member: 'user:default/bob', role: 'reporter' }).expect(201);
    expect(await grants(creds, 'repository:sec/priv:pull')).toEqual([{ type: 'repository', name: 'sec/priv', actions: ['pull'] }]);
    // a user's own robot (no onBehalfOf) keeps its explicit scopes
    const own = await request(t.app).post('/groups/sec/robots').set('authorization', alice).send({ name: 'ci', scopes: [{ repository: 'priv', actions: ['pull'] }] }).expect(201);
    expect(own.body.onBehalfOf).toBeUndefined();
  });

  it('deletes every recorded manifest of a deleted repository', async () => {
    await t.store.events.recordManifest('sec/priv', 'sha256:aaa', new Date());
    await t.store.events.recordManifest('sec/priv', 'sha256:bbb', new Date());
    const spy = jest.spyOn(t.registry, 'deleteRepository');
    await request(t.app).delete('/repositories/sec/priv').set('authorization', alice).expect(204);
    expect(spy).toHaveBeenCalledWith('sec/priv', ['sha256:aaa', 'sha256:bbb']);
    expect(await t.store.events.listManifests('sec/priv')).toEqual([]);
  });
});
