import crypto from 'node:crypto';
import request from 'supertest';
import { as, createTestBuilds } from '../__testUtils__/testing';

const config = {
  name: 'api',
  repositoryUrl: 'http://git.test/team/api.git',
  imageRepository: 'team/app',
  buildArgs: [
    { name: 'GREETING', value: 'hi' },
    { name: 'NPM_TOKEN', value: 'npm-s3cret', secret: true },
  ],
};

describe('builds router', () => {
  let t: Awaited<ReturnType<typeof createTestBuilds>>;
  beforeEach(async () => {
    t = await createTestBuilds();
  });

  it('refuses bad input with a message naming the problem and creates nothing', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ repositoryUrl: 'file:///etc' }, 400, /http\(s\) or ssh/],
      [{ dockerfile: '../../Dockerfile' }, 400, /inside the build context/],
      [
        { tagRule: { type: 'fixed', tag: '-bad' } },
        400,
        /not a valid image tag/,
      ],
      [
        { buildArgs: [{ name: 'DB_PASSWORD', value: 'x' }] },
        400,
        /mark it secret/,
      ],
      [
        { imageRepository: 'team/other' },
        403,
        /may not push to image repository 'team\/other'/,
      ],
      [{ name: 'Bad_Name' }, 400, /DNS-1123/],
      [{ extra: 1 }, 400, /extra|additional/i],
    ];
    for (const [patch, status, message] of cases) {
      const res = await request(t.app)
        .post('/configs')
        .set('authorization', as('alice'))
        .send({ ...config, ...patch });
      expect({ patch, status: res.status }).toEqual({ patch, status });
      expect(res.body.error.message).toMatch(message);
    }
    const list = await request(t.app)
      .get('/configs')
      .set('authorization', as('alice'))
      .expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('makes the creator Owner, hides the config from non-members, never shows secrets', async () => {
    const created = await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config)
      .expect(201);
    expect(created.body.buildArgs).toEqual([
      { name: 'GREETING', value: 'hi', secret: false },
      { name: 'NPM_TOKEN', secret: true },
    ]);
    expect(JSON.stringify(created.body)).not.toContain('npm-s3cret');
    const stored = await t.knex('build_configs').first();
    expect(JSON.stringify(stored)).not.toContain('npm-s3cret');

    const got = await request(t.app)
      .get('/configs/api')
      .set('authorization', as('alice'))
      .expect(200);
    expect(got.body.allowed).toMatchObject({
      update: true,
      buildStart: true,
      delete: true,
    });
    await request(t.app)
      .get('/configs/api')
      .set('authorization', as('bob'))
      .expect(404);
    await request(t.app)
      .get('/configs/api/webhooks')
      .set('authorization', as('bob'))
      .expect(404);
    expect(
      (await request(t.app).get('/configs').set('authorization', as('bob')))
        .body.items,
    ).toEqual([]);
    await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config)
      .expect(409);

    const hooks = await request(t.app)
      .get('/configs/api/webhooks')
      .set('authorization', as('alice'))
      .expect(200);
    expect(hooks.body.endpoints.map((e: any) => e.url)).toEqual([
      'http://portal.test/api/builds/webhooks/api/gitlab',
      'http://portal.test/api/builds/webhooks/api/github',
      'http://portal.test/api/builds/webhooks/api/gitea',
    ]);
    expect(created.body.webhookSecret.length).toBeGreaterThan(20);
    expect(hooks.body.secret).toEqual({
      set: true,
      setAt: created.body.createdAt,
      setBy: 'user:default/alice',
      lastFour: created.body.webhookSecret.slice(-4),
    });
  });

  it('lets Reporters read logs but not start, Developers start and cancel', async () => {
    await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config)
      .expect(201);
    await request(t.app)
      .post('/configs/api/members')
      .set('authorization', as('alice'))
      .send({ member: 'user:default/bob', role: 'reporter' })
      .expect(201);
    await request(t.app)
      .post('/configs/api/members')
      .set('authorization', as('alice'))
      .send({ member: 'user:default/carol', role: 'developer' })
      .expect(201);

    const denied = await request(t.app)
      .post('/configs/api/builds')
      .set('authorization', as('bob'))
      .send({})
      .expect(403);
    expect(denied.body.error.message).toMatch(/Developer/);
    await request(t.app)
      .post('/configs/api/builds')
      .set('authorization', as('dave'))
      .send({})
      .expect(404);
    const started = await request(t.app)
      .post('/configs/api/builds')
      .set('authorization', as('carol'))
      .send({ noCache: true })
      .expect(201);
    expect(started.body).toMatchObject({
      number: 1,
      state: 'queued',
      branch: 'main',
      noCache: true,
      trigger: { type: 'manual', actor: 'user:default/carol' },
    });
    await request(t.app)
      .get('/configs/api/builds/1/log')
      .set('authorization', as('bob'))
      .expect(200);
    await request(t.app)
      .get('/configs/api/builds/1/log')
      .set('authorization', as('dave'))
      .expect(404);
    await request(t.app)
      .post('/configs/api/builds/1/cancel')
      .set('authorization', as('bob'))
      .expect(403);
    const cancelled = await request(t.app)
      .post('/configs/api/builds/1/cancel')
      .set('authorization', as('carol'))
      .expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    await request(t.app)
      .post('/configs/api/builds')
      .set('authorization', as('carol'))
      .send({ commit: 'abc' })
      .expect(400);
  });

  describe('webhooks', () => {
    let secret: string;
    const after = 'a'.repeat(40);
    const payload = (ref = 'refs/heads/main') =>
      JSON.stringify({
        ref,
        after,
        user_username: 'alice',
        pusher: { name: 'alice' },
      });
    const hmac = (body: string, key = secret) =>
      crypto.createHmac('sha256', key).update(body).digest('hex');
    const post = (
      platform: string,
      headers: Record<string, string>,
      body: string,
    ) =>
      request(t.app)
        .post(`/webhooks/api/${platform}`)
        .set({ 'content-type': 'application/json', ...headers })
        .send(body);

    beforeEach(async () => {
      secret = (
        await request(t.app)
          .post('/configs')
          .set('authorization', as('alice'))
          .send(config)
          .expect(201)
      ).body.webhookSecret;
    });

    it('checks each platform signature: valid starts a build, wrong or missing is 401', async () => {
      const body = payload();
      const platforms: Array<
        [
          string,
          Record<string, string>,
          Record<string, string>,
          Record<string, string>,
        ]
      > = [
        [
          'gitlab',
          { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': secret },
          { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'nope' },
          { 'x-gitlab-event': 'Push Hook' },
        ],
        [
          'github',
          {
            'x-github-event': 'push',
            'x-hub-signature-256': `sha256=${hmac(body)}`,
          },
          {
            'x-github-event': 'push',
            'x-hub-signature-256': `sha256=${hmac(body, 'other')}`,
          },
          { 'x-github-event': 'push' },
        ],
        [
          'gitea',
          { 'x-gitea-event': 'push', 'x-gitea-signature': hmac(body) },
          { 'x-gitea-event': 'push', 'x-gitea-signature': hmac(`${body} `) },
          { 'x-gitea-event': 'push' },
        ],
      ];
      let n = 0;
      for (const [platform, valid, wrong, missing] of platforms) {
        await post(
          platform,
          {
            ...wrong,
            [`x-${
              platform === 'github' ? 'github' : platform
            }-delivery`]: `w-${platform}`,
          },
          body,
        ).expect(401);
        await post(platform, missing, body).expect(401);
        const res = await post(
          platform,
          {
            ...valid,
            'x-github-delivery': `d-${platform}`,
            'x-gitea-delivery': `d-${platform}`,
            'idempotency-key': `d-${platform}`,
          },
          body,
        ).expect(201);
        n += 1;
        expect(res.body).toMatchObject({
          number: n,
          commit: after,
          tag: 'aaaaaaa',
          trigger: { type: 'webhook', platform },
        });
      }
      const builds = await request(t.app)
        .get('/configs/api/builds')
        .set('authorization', as('alice'))
        .expect(200);
      expect(builds.body.items).toHaveLength(3);
      await post('bitbucket', {}, body).expect(400);
      await request(t.app)
        .post('/webhooks/nope/gitlab')
        .set({ 'x-gitlab-token': secret, 'x-gitlab-event': 'Push Hook' })
        .send(body)
        .expect(401);
    });

    it('ignores replays and other branches with 202 and the reason in the activity', async () => {
      const headers = {
        'x-gitlab-event': 'Push Hook',
        'x-gitlab-token': secret,
        'idempotency-key': 'delivery-1',
      };
      await post('gitlab', headers, payload()).expect(201);
      const replay = await post('gitlab', headers, payload()).expect(202);
      expect(replay.body.ignored).toMatch(/replay/);
      const other = await post(
        'gitlab',
        { ...headers, 'idempotency-key': 'delivery-2' },
        payload('refs/heads/feature'),
      ).expect(202);
      expect(other.body.ignored).toBe(
        'push to refs/heads/feature, this config builds branch main',
      );
      const activity = await request(t.app)
        .get('/configs/api/activity')
        .set('authorization', as('alice'))
        .expect(200);
      const ignored = activity.body.items.filter(
        (a: any) => a.action === 'webhook-ignored',
      );
      expect(ignored.map((a: any) => a.details.reason)).toEqual([
        'push to refs/heads/feature, this config builds branch main',
        'delivery gitlab:delivery-1 was handled before (replay)',
      ]);
      const builds = await request(t.app)
        .get('/configs/api/builds')
        .set('authorization', as('alice'));
      expect(builds.body.items).toHaveLength(1);
    });
  });
});
