import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { createTestApp } from './__testUtils__/testing';
import { inMemorySqlite } from '@cellport/test-utils';
import { TokenAttemptStore } from './database/stores/TokenAttemptStore';
import { TokenAttemptLimiter } from './services/TokenAttemptLimiter';

// a loaded CI machine: each test builds its own app, validator and seed data
jest.setTimeout(60_000);

const user = (name: string) => mockCredentials.user.header(`user:default/${name}`);
const [alice, bob] = ['alice', 'bob'].map(user);
const basic = (u: string, p: string) =>
  `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const service = (plugin: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(`plugin:${plugin}`),
    targetPluginId: 'registry',
  });

describe('registry router: the findings of issue 17', () => {
  it('asks the installed policy for image-group.create before creating a group', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async (requests, opts) =>
      requests.map(r => ({
        result:
          r.permission.name === 'cellport.image-group.create' &&
          (opts.credentials.principal as any).userEntityRef === 'user:default/bob'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    const t = await createTestApp({ permissions });
    const refused = await request(t.app).post('/groups').set('authorization', bob).send({ name: 'nope' }).expect(403);
    expect(refused.body.error.message).toBe('You may not create image groups');
    // nothing created
    expect(await t.store.groups.getGroup('nope')).toBeUndefined();
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'yes' }).expect(201);
  });

  it('refuses a user who left the catalog at the token endpoint, PATs and robots made for them', async () => {
    const t = await createTestApp();
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'g' }).expect(201);
    await request(t.app).post('/groups/g/repositories').set('authorization', alice).send({ name: 'r' }).expect(201);
    await request(t.app).post('/groups/g/members').set('authorization', alice).send({ member: 'user:default/bob', role: 'reporter' }).expect(201);
    const pat = (await request(t.app).post('/tokens').set('authorization', bob).send({ name: 'laptop' }).expect(201)).body.token;
    const robot = (
      await request(t.app).post('/groups/g/robots').set('authorization', service('cells'))
        .send({ name: 'pull-bob', scopes: [{ repository: 'r', actions: ['pull'] }], onBehalfOf: 'user:default/bob' })
        .expect(201)
    ).body;
    const token = (auth: string) =>
      request(t.app).get('/token').query({ service: 'cellport-registry', scope: 'repository:g/r:pull' }).set('authorization', auth);
    expect(decodeJwt((await token(basic('bob', pat)).expect(200)).body.token).access).toEqual([
      { type: 'repository', name: 'g/r', actions: ['pull'] },
    ]);
    await token(basic(robot.username, robot.secret)).expect(200);

    t.users.refs.delete('user:default/bob');
    const gone = await token(basic('bob', pat)).expect(401);
    expect(gone.body.error.message).toBe('user:default/bob is no longer a user of this portal');
    await token(basic(robot.username, robot.secret)).expect(401);
    // alice is still here
    const alicePat = (await request(t.app).post('/tokens').set('authorization', alice).send({ name: 'x' }).expect(201)).body.token;
    await token(basic('alice', alicePat)).expect(200);
  });

  it('answers 429 with Retry-After after too many failed attempts, per user name and per IP', async () => {
    let now = 1_000_000;
    const knex = inMemorySqlite();
    const t = await createTestApp({
      knex,
      attemptLimiter: new TokenAttemptLimiter({ attempts: new TokenAttemptStore(knex), maxFailures: 3, maxFailuresPerIp: 5, windowSeconds: 60, now: () => now }),
    });
    const pat = (await request(t.app).post('/tokens').set('authorization', alice).send({ name: 'x' }).expect(201)).body.token;
    const token = (auth: string) =>
      request(t.app).get('/token').query({ service: 'cellport-registry' }).set('authorization', auth);
    for (let i = 0; i < 3; i++) await token(basic('alice', `cpat_wrong${i}`)).expect(401);
    const limited = await token(basic('alice', pat)).expect(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body).toMatchObject({
      errors: [{ code: 'TOOMANYREQUESTS' }],
      error: { name: 'TooManyRequestsError', message: 'too many failed attempts: retry in 60 s' },
      response: { statusCode: 429 },
    });
    // other names from the same IP until the IP's own limit (5 failures)
    await token(basic('bob', 'cpat_a')).expect(401);
    await token(basic('carol', 'cpat_b')).expect(401);
    await token(basic('dave', 'cpat_c')).expect(429);
    // after the window it works again
    now += 30_000;
    expect((await token(basic('alice', pat)).expect(429)).headers['retry-after']).toBe('30');
    now += 30_000;
    await token(basic('alice', pat)).expect(200);
  });

  it('lets a robot expire when its creator says so', async () => {
    const t = await createTestApp();
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'g' }).expect(201);
    const scopes = [{ repository: '*', actions: ['pull'] }];
    const tooLong = await request(t.app).post('/groups/g/robots').set('authorization', alice).send({ name: 'long', scopes, expiresInDays: 366 }).expect(400);
    expect(tooLong.body.error.message).toBe('expiresInDays must be at most 365');
    expect(await t.store.robots.getRobot('g', 'long')).toBeUndefined();
    const ci = (await request(t.app).post('/groups/g/robots').set('authorization', alice).send({ name: 'ci', scopes, expiresInDays: 7 }).expect(201)).body;
    const forever = (await request(t.app).post('/groups/g/robots').set('authorization', alice).send({ name: 'forever', scopes }).expect(201)).body;
    expect(Date.parse(ci.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(forever.expiresAt).toBeUndefined();
    const token = (r: { username: string; secret: string }) =>
      request(t.app).get('/token').query({ service: 'cellport-registry' }).set('authorization', basic(r.username, r.secret));
    await token(ci).expect(200);
    // seven days later
    await t.knex('registry_robots').where({ group_name: 'g', name: 'ci' }).update({ expires_at: new Date(Date.now() - 1000) });
    await token(ci).expect(401);
    await token(forever).expect(200);
  });

  it('lets only the configured plugins manage robots', async () => {
    const t = await createTestApp({ robotServicePlugins: ['builds'] });
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'g' }).expect(201);
    const refused = await request(t.app).get('/groups/g/robots').set('authorization', service('cells')).expect(403);
    expect(refused.body.error.message).toBe("service 'plugin:cells' may not manage robots");
    await request(t.app).get('/groups/g/robots').set('authorization', service('builds')).expect(200);
  });
});
