import { mockCredentials } from '@backstage/backend-test-utils';
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import request from 'supertest';
import { createTestApp } from './__testUtils__/testing';
import { libtrustKeyId } from './services/TokenIssuer';

const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const carol = mockCredentials.user.header('user:default/carol');
const basic = (u: string, p: string) =>
  `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('registry router', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const app = t.app;
    await request(app).post('/groups').set('authorization', alice).send({ name: 'team' }).expect(201);
    await request(app).post('/groups').set('authorization', alice).send({ name: 'pub', visibility: 'public' }).expect(201);
    await request(app).post('/groups/team/repositories').set('authorization', alice).send({ name: 'app' }).expect(201);
    await request(app)
      .post('/groups/team/members')
      .set('authorization', alice)
      .send({ member: 'user:default/bob', role: 'reporter' })
      .expect(201);
    aliceToken = (await request(app).post('/tokens').set('authorization', alice).send({ name: 'laptop' }).expect(201)).body.token;
    bobToken = (await request(app).post('/tokens').set('authorization', bob).send({ name: 'ci', expiresInDays: 1 }).expect(201)).body.token;
  }, 60_000); // a loaded CI machine: the app, its validator and the seed data take a while

  function token(auth: string | undefined, ...scopes: string[]) {
    const r = request(t.app).get('/token').query({ service: 'cellport-registry', scope: scopes });
    if (auth) r.set('authorization', auth);
    return r;
  }

  it('issues RS256 tokens with the libtrust kid and the required claims', async () => {
    const res = await token(basic('alice', aliceToken), 'repository:team/app:pull,push,delete,*').expect(200);
    // short-lived: 60 s, the token spec's floor (see the README for the bound after a revocation)
    expect(res.body.expires_in).toBe(60);
    expect(res.body.access_token).toBe(res.body.token);
    const header = decodeProtectedHeader(res.body.token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: libtrustKeyId(t.keys.certPem) });
    const { payload } = await jwtVerify(res.body.token, await importSPKI(t.keys.certPem, 'RS256'), {
      issuer: 'cellport-token-issuer',
      audience: 'cellport-registry',
    });
    expect(payload).toMatchObject({ sub: 'alice', access: [{ type: 'repository', name: 'team/app', actions: ['pull', 'push', 'delete', '*'] }] });
    expect(payload.jti).toBeTruthy();
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it('a token request reads the attempt limit, the credentials and the members of every scope in three statements, and writes nothing on the way', async () => {
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    // first use of this token: its last use is queued, not written by the request
    const fresh = (await request(t.app).post('/tokens').set('authorization', alice).send({ name: 'count' }).expect(201)).body.token;
    t.knex.on('query', onQuery);
    try {
      const res = await token(basic('alice', fresh), 'repository:team/app:pull,push', 'repository:team/new:push', 'repository:pub/x:pull', 'repository:other/y:pull').expect(200);
      expect(decodeJwt(res.body.token).access).toEqual([
        { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
        { type: 'repository', name: 'team/new', actions: ['push'] },
        // alice owns pub: she may create pub/x, so pull it too
        { type: 'repository', name: 'pub/x', actions: ['pull'] },
        { type: 'repository', name: 'other/y', actions: [] },
      ]);
    } finally {
      t.knex.off('query', onQuery);
    }
    // the failed-attempt blocks (shared by replicas), the token, the resources with their members
    expect(statements).toHaveLength(3);
    expect(statements.filter(s => /^(update|insert|delete)/i.test(s))).toEqual([]);
  });

  it('grants exactly what the role allows; denied scopes have empty actions', async () => {
    const res = await token(basic('bob', bobToken), 'repository:team/app:pull,push repository:team/other:pull', 'repository:pub/x:pull', 'registry:catalog:*').expect(200);
    expect(decodeJwt(res.body.token).access).toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull'] },
      { type: 'repository', name: 'team/other', actions: ['pull'] },
      // nobody pushed pub/x yet: it is not public, it does not exist
      { type: 'repository', name: 'pub/x', actions: [] },
      { type: 'registry', name: 'catalog', actions: [] },
    ]);
    await request(t.app).post('/groups/pub/repositories').set('authorization', alice).send({ name: 'site' }).expect(201);
    await request(t.app).post('/groups/pub/repositories').set('authorization', alice).send({ name: 'hidden', visibility: 'private' }).expect(201);
    const anon = await token(undefined, 'repository:team/app:pull', 'repository:pub/x:pull,push', 'repository:pub/site:pull', 'repository:pub/hidden:pull').expect(200);
    expect(decodeJwt(anon.body.token)).toMatchObject({
      sub: '',
      access: [
        { type: 'repository', name: 'team/app', actions: [] },
        // hidden and nonexistent look the same
        { type: 'repository', name: 'pub/x', actions: [] },
        { type: 'repository', name: 'pub/site', actions: ['pull'] },
        { type: 'repository', name: 'pub/hidden', actions: [] },
      ],
    });
    await request(t.app).delete('/repositories/pub/site').set('authorization', alice).expect(204);
  });

  it('merges repeated scopes', async () => {
    const res = await token(basic('alice', aliceToken), 'repository:team/app:pull', 'repository:team/app:pull', 'repository:team/app:push').expect(200);
    expect(decodeJwt(res.body.token).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
  });

  it('answers 401 to bad, unknown, revoked or foreign credentials', async () => {
    await token(basic('alice', 'wrong'), 'repository:team/app:pull').expect(401);
    await token(basic('alice', bobToken), 'repository:team/app:pull').expect(401);
    await token(basic('nobody', 'cpat_x'), 'repository:team/app:pull').expect(401);
    await token('Bearer x', 'repository:team/app:pull').expect(401);
    await token(basic('robot$team+none', 'x'), 'repository:team/app:pull').expect(401);
    const created = await request(t.app).post('/tokens').set('authorization', bob).send({ name: 'short' }).expect(201);
    await token(basic('bob', created.body.token), 'repository:team/app:pull').expect(200);
    await request(t.app).delete(`/tokens/${created.body.id}`).set('authorization', bob).expect(204);
    await token(basic('bob', created.body.token), 'repository:team/app:pull').expect(401);
    // alice cannot revoke bob's token
    await request(t.app).delete(`/tokens/${created.body.id}`).set('authorization', alice).expect(404);
  });

  it.each([
    ['team/app:pull'],
    ['repository:team/app'],
    ['repository:Team/App:pull'],
    ['repository:../etc/passwd:pull'],
    ['repository:team/..:pull'],
    ['repository:team//app:pull'],
    ['repository:team/app:pull;rm'],
    ['image:team/app:pull'],
    ['registry:everything:*'],
    [`repository:${'a'.repeat(600)}:pull`],
  ])('answers 400 to malformed scope %s', async scope => {
    const res = await token(undefined, scope).expect(400);
    expect(res.body.error.message).toMatch(/scope|at most/);
  });

  it('answers 400 to too many scopes and an unknown service', async () => {
    await token(undefined, ...Array.from({ length: 51 }, (_, i) => `repository:team/r${i}:pull`)).expect(400);
    await request(t.app).get('/token').query({ service: 'other' }).expect(400);
  });

  it('robots get exactly their scopes', async () => {
    const robot = await request(t.app)
      .post('/groups/team/robots')
      .set('authorization', alice)
      .send({ name: 'builder', scopes: [{ repository: 'app', actions: ['pull', 'push'] }] })
      .expect(201);
    expect(robot.body.username).toBe('robot$team+builder');
    const res = await token(basic(robot.body.username, robot.body.secret), 'repository:team/app:pull,push,delete', 'repository:team/other:pull').expect(200);
    expect(decodeJwt(res.body.token).access).toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'team/other', actions: [] },
    ]);
    await token(basic(robot.body.username, 'wrong'), 'repository:team/app:pull').expect(401);
    // a reporter may not create robots
    await request(t.app).post('/groups/team/robots').set('authorization', bob).send({ name: 'x', scopes: [{ repository: '*', actions: ['pull'] }] }).expect(403);
  });

  it('lets the cells plugin manage pull-only robots of its own, for users who may pull', async () => {
    const service = (subject: string) =>
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(subject),
        targetPluginId: 'registry',
      });
    const cells = service('plugin:cells');
    const pull = (repository: string) => [{ repository, actions: ['pull'] }];
    await request(t.app).post('/groups/team/robots').set('authorization', alice).send({ name: 'alices', scopes: pull('app') }).expect(201);
    // bob is a Reporter of the group: he may pull, so a robot for his app may too
    const robot = await request(t.app)
      .post('/groups/team/robots')
      .set('authorization', cells)
      .send({ name: 'cells-shop', scopes: pull('app'), onBehalfOf: 'user:default/bob' })
      .expect(201);
    expect(robot.body).toMatchObject({ username: 'robot$team+cells-shop', createdBy: 'plugin:cells' });
    const res = await token(basic(robot.body.username, robot.body.secret), 'repository:team/app:pull,push').expect(200);
    expect(decodeJwt(res.body.token).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    // a repository nobody pushed yet follows the group's roles
    await request(t.app).post('/groups/team/robots').set('authorization', cells).send({ name: 'cells-new', scopes: pull('new'), onBehalfOf: 'user:default/bob' }).expect(201);
    // carol cannot see the private group: it answers exactly like a group that does not exist
    const hidden = await request(t.app).post('/groups/team/robots').set('authorization', cells).send({ name: 'cells-x', scopes: pull('app'), onBehalfOf: 'user:default/carol' }).expect(404);
    const missing = await request(t.app).post('/groups/nowhere/robots').set('authorization', cells).send({ name: 'cells-x', scopes: pull('app'), onBehalfOf: 'user:default/carol' }).expect(404);
    expect(hidden.body.error.message).toBe("Image group 'team' not found");
    expect(missing.body.error.message).toBe("Image group 'nowhere' not found");
    // in a public group she sees, a repository nobody pushed to answers like a hidden one
    await request(t.app).post('/groups/pub/repositories').set('authorization', alice).send({ name: 'secret', visibility: 'private' }).expect(201);
    const hiddenRepo = await request(t.app).post('/groups/pub/robots').set('authorization', cells).send({ name: 'cells-y', scopes: pull('secret'), onBehalfOf: 'user:default/carol' }).expect(404);
    const missingRepo = await request(t.app).post('/groups/pub/robots').set('authorization', cells).send({ name: 'cells-y', scopes: pull('none'), onBehalfOf: 'user:default/carol' }).expect(404);
    expect(hiddenRepo.body.error.message).toBe("Image repository 'pub/secret' not found");
    expect(missingRepo.body.error.message).toBe("Image repository 'pub/none' not found");
    // services make pull-only robots of named repositories; other plugins make none
    await request(t.app).post('/groups/team/robots').set('authorization', cells).send({ name: 'cells-x', scopes: [{ repository: 'app', actions: ['pull', 'push'] }] }).expect(403);
    await request(t.app).post('/groups/team/robots').set('authorization', cells).send({ name: 'cells-x', scopes: pull('*') }).expect(403);
    await request(t.app).post('/groups/team/robots').set('authorization', service('plugin:catalog')).send({ name: 'cells-x', scopes: pull('app') }).expect(403);
    await request(t.app).get('/groups/team/robots').set('authorization', service('plugin:catalog')).expect(403);
    // only services speak for users
    await request(t.app).post('/groups/team/robots').set('authorization', alice).send({ name: 'x', scopes: pull('app'), onBehalfOf: 'user:default/bob' }).expect(400);
    // the service sees and deletes its own robots only
    const listed = await request(t.app).get('/groups/team/robots').set('authorization', cells).expect(200);
    expect(listed.body.items.map((r: { name: string }) => r.name)).toEqual(['cells-new', 'cells-shop']);
    await request(t.app).delete('/groups/team/robots/alices').set('authorization', cells).expect(404);
    await request(t.app).delete('/groups/team/robots/cells-new').set('authorization', cells).expect(204);
    await request(t.app).get('/groups/nowhere/robots').set('authorization', cells).expect(404);
    const all = await request(t.app).get('/groups/team/robots').set('authorization', alice).expect(200);
    expect(all.body.items.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['alices', 'cells-shop']));
    expect(all.body.items.map((r: { name: string }) => r.name)).not.toContain('cells-new');
  });

  it('requires a user for the portal API', async () => {
    await request(t.app).get('/groups').expect(401);
    await request(t.app).post('/tokens').send({ name: 'x' }).expect(401);
    await request(t.app).get('/repositories/team/app/tags').expect(401);
  });

  it.each([
    ['/groups', { name: 'Bad' }],
    ['/groups', { name: '../x' }],
    ['/groups', { name: 'a--' }],
    ['/groups', { name: 'a'.repeat(65) }],
    ['/groups', { name: 'ok', extra: 1 }],
    ['/groups', { name: 'ok', visibility: 'secret' }],
    ['/groups/team/repositories', { name: 'a/b' }],
    ['/groups/team/repositories', { name: '..' }],
    ['/groups/team/members', { member: 'bob', role: 'reporter' }],
    ['/groups/team/members', { member: 'user:default/bob', role: 'king' }],
    ['/tokens', { name: '' }],
    ['/tokens', { name: 'x', expiresInDays: 10000 }],
  ])('answers 400 to POST %s %j and changes nothing', async (path, body) => {
    const before = await t.knex('registry_groups').count({ n: '*' }).first();
    const res = await request(t.app).post(path).set('authorization', alice).send(body).expect(400);
    expect(res.body.error.message).toBeTruthy();
    expect(await t.knex('registry_groups').count({ n: '*' }).first()).toEqual(before);
  });

  it('rejects path traversal in names', async () => {
    await request(t.app).get('/groups/..').set('authorization', alice).expect(400);
    await request(t.app).get('/groups/%2e%2e%2fetc').set('authorization', alice).expect(400);
    await request(t.app).get('/repositories/team/..%2f..%2fx/tags').set('authorization', alice).expect(400);
    await request(t.app).delete('/repositories/team/app/tags/..%2fx').set('authorization', alice).expect(400);
  });

  it('rejects oversized bodies', async () => {
    await request(t.app)
      .post('/groups')
      .set('authorization', alice)
      .send({ name: 'big', description: 'x'.repeat(100_000) })
      .expect(413);
  });

  it('hides private groups from non-members and enforces roles', async () => {
    await request(t.app).get('/groups/team').set('authorization', carol).expect(404);
    expect((await request(t.app).get('/groups').set('authorization', carol)).body.items.map((g: any) => g.name)).toEqual(['pub']);
    await request(t.app).get('/groups/team').set('authorization', bob).expect(200);
    await request(t.app).patch('/groups/team').set('authorization', bob).send({ visibility: 'public' }).expect(403);
    await request(t.app).post('/groups/team/repositories').set('authorization', bob).send({ name: 'x' }).expect(403);
    // tag delete: Master only
    t.registry.tags.set('team/app', ['v1', 'v2']);
    const tags = await request(t.app).get('/repositories/team/app/tags').set('authorization', bob).expect(200);
    expect(tags.body.items.map((i: any) => i.tag)).toEqual(['v1', 'v2']);
    await request(t.app).delete('/repositories/team/app/tags/v1').set('authorization', bob).expect(403);
    await request(t.app).delete('/repositories/team/app/tags/v1').set('authorization', alice).expect(200);
    expect(t.registry.deleted).toEqual(['team/app:v1']);
    const activity = await request(t.app).get('/repositories/team/app/activity').set('authorization', alice).expect(200);
    expect(activity.body.items[0]).toMatchObject({ action: 'tag-deleted', actor: 'user:default/alice', details: { tag: 'v1' } });
  });

  it('keeps the last owner', async () => {
    await request(t.app)
      .put(`/groups/team/members/${encodeURIComponent('user:default/alice')}`)
      .set('authorization', alice)
      .send({ role: 'master' })
      .expect(409);
  });

  it('verifies the webhook secret and records pushes', async () => {
    const envelope = {
      events: [
        {
          id: 'ev-1',
          timestamp: '2026-01-01T00:00:00Z',
          action: 'push',
          target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:abc', size: 10, repository: 'team/newrepo', tag: 'v1' },
          actor: { name: 'alice' },
        },
      ],
    };
    await request(t.app).post('/webhooks/registry').send(envelope).expect(401);
    await request(t.app).post('/webhooks/registry').set('authorization', 'Bearer nope').send(envelope).expect(401);
    const ok = await request(t.app)
      .post('/webhooks/registry')
      .set('authorization', 'Bearer hook-secret')
      .set('content-type', 'application/vnd.docker.distribution.events.v1+json')
      .send(JSON.stringify(envelope))
      .expect(200);
    expect(ok.body.handled).toBe(1);
    // retried delivery is not recorded twice
    await request(t.app).post('/webhooks/registry').set('authorization', 'Bearer hook-secret').send(envelope).expect(200, { handled: 0 });
    const activity = await request(t.app).get('/repositories/team/newrepo/activity').set('authorization', alice).expect(200);
    expect(activity.body.items.map((a: any) => a.action)).toEqual(['image-pushed', 'repository-created']);
    await request(t.app).post('/webhooks/registry').set('authorization', 'Bearer hook-secret').send({ nope: 1 }).expect(400);
  });

  it('manages members through the access library and grants tokens from the same decisions', async () => {
    const app = t.app;
    const dave = mockCredentials.user.header('user:default/dave');
    await request(app).post('/groups/team/repositories').set('authorization', alice).send({ name: 'secret' }).expect(201);
    await request(app).post('/groups').set('authorization', alice).send({ name: 'solo' }).expect(201);
    await request(app).post('/groups/solo/repositories').set('authorization', alice).send({ name: 'img' }).expect(201);
    await request(app).post('/groups/solo/repositories').set('authorization', alice).send({ name: 'open', visibility: 'public' }).expect(201);
    // non-members: 404, not 403; public repositories are readable by anyone
    await request(app).get('/repositories/solo/img').set('authorization', dave).expect(404);
    await request(app).get('/repositories/solo/img/members').set('authorization', dave).expect(404);
    await request(app).get('/repositories/solo/open').set('authorization', dave).expect(200);
    expect((await request(app).get('/repositories').set('authorization', dave)).body.items.map((r: any) => r.name)).toEqual(['solo/open']);
    // the creator is Owner; members are added through the access router
    const members = await request(app).get('/repositories/solo/img/members').set('authorization', alice).expect(200);
    expect(JSON.stringify(members.body)).toContain('user:default/alice');
    await request(app).post('/repositories/solo/img/members').set('authorization', alice).send({ member: 'user:default/dave', role: 'reporter' }).expect(201);
    await request(app).post('/repositories/solo/img/members').set('authorization', alice).send({ member: 'user:default/nobody', role: 'reporter' }).expect(400);
    const repo = await request(app).get('/repositories/solo/img').set('authorization', dave).expect(200);
    expect(repo.body.allowed).toMatchObject({ pull: true, push: false, tagDelete: false, membersManage: false });
    expect((await request(app).get('/repositories/solo/img').set('authorization', alice)).body.allowed).toMatchObject({ tagDelete: true, membersManage: true, visibilityUpdate: true });
    // a Reporter may not manage members or change visibility
    await request(app).post('/repositories/solo/img/members').set('authorization', dave).send({ member: 'user:default/carol', role: 'guest' }).expect(403);
    await request(app).put('/repositories/solo/img/visibility').set('authorization', dave).send({ visibility: 'public' }).expect(403);
    await request(app).patch('/repositories/solo/img').set('authorization', dave).send({ visibility: 'public' }).expect(403);
    // token grants follow the same roles
    const daveToken = (await request(app).post('/tokens').set('authorization', dave).send({ name: 'x' }).expect(201)).body.token;
    const grant = async () =>
      decodeJwt((await token(basic('dave', daveToken), 'repository:solo/img:pull,push').expect(200)).body.token).access;
    expect(await grant()).toEqual([{ type: 'repository', name: 'solo/img', actions: ['pull'] }]);
    await request(app).put(`/repositories/solo/img/members/${encodeURIComponent('user:default/dave')}`).set('authorization', alice).send({ role: 'developer' }).expect(200);
    expect(await grant()).toEqual([{ type: 'repository', name: 'solo/img', actions: ['pull', 'push'] }]);
    await request(app).delete(`/repositories/solo/img/members/${encodeURIComponent('user:default/dave')}`).set('authorization', alice).expect(204);
    expect(await grant()).toEqual([{ type: 'repository', name: 'solo/img', actions: [] }]);
    // visibility: Owner only, mirrored in the registry tables and in anonymous pulls
    await request(app).put('/repositories/solo/img/visibility').set('authorization', alice).send({ visibility: 'public' }).expect(204);
    expect((await request(app).get('/repositories/solo/img').set('authorization', dave).expect(200)).body.visibility).toBe('public');
    expect(decodeJwt((await token(undefined, 'repository:solo/img:pull').expect(200)).body.token).access).toEqual([{ type: 'repository', name: 'solo/img', actions: ['pull'] }]);
    const activity = await request(app).get('/repositories/solo/img/activity').set('authorization', alice).expect(200);
    expect(activity.body.items.map((a: any) => a.action)).toEqual(expect.arrayContaining(['member-added', 'visibility-changed', 'repository-created']));
    // a platform admin sees everything
    const erin = mockCredentials.user.header('user:default/erin');
    await request(app).get('/repositories/team/secret').set('authorization', erin).expect(200);
    // deleting a group unregisters it and its repositories
    await request(app).delete('/groups/solo').set('authorization', alice).expect(204);
    await request(app).get('/repositories/solo/open').set('authorization', alice).expect(404);
  });
});
