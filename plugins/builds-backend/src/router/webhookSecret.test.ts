import crypto from 'node:crypto';
import request from 'supertest';
import { as, createTestBuilds } from '../__testUtils__/testing';

const config = {
  name: 'api',
  repositoryUrl: 'http://git.test/team/api.git',
  imageRepository: 'team/app',
};
const push = JSON.stringify({
  ref: 'refs/heads/main',
  after: 'b'.repeat(40),
  pusher: { name: 'alice' },
});
const sign = (key: string) =>
  `sha256=${crypto.createHmac('sha256', key).update(push).digest('hex')}`;

describe('the webhook secret, shown once', () => {
  let t: Awaited<ReturnType<typeof createTestBuilds>>;
  let secret: string;
  const deliver = (key: string, delivery: string) =>
    request(t.app)
      .post('/webhooks/api/github')
      .set({
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': delivery,
        'x-hub-signature-256': sign(key),
      })
      .send(push);
  /** Every read a member can make of the config, as `who`. */
  const reads = async (who: string) =>
    Promise.all(
      [
        '/configs',
        '/configs/api',
        '/configs/api/webhooks',
        '/configs/api/builds',
        '/configs/api/activity',
        '/configs/api/members',
      ].map(async path => {
        const res = await request(t.app)
          .get(path)
          .set('authorization', as(who));
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        return res.text;
      }),
    );

  beforeEach(async () => {
    t = await createTestBuilds();
    const created = await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config)
      .expect(201);
    secret = created.body.webhookSecret;
    for (const [member, role] of [
      ['bob', 'master'],
      ['carol', 'developer'],
    ]) {
      await request(t.app)
        .post('/configs/api/members')
        .set('authorization', as('alice'))
        .send({ member: `user:default/${member}`, role })
        .expect(201);
    }
  });

  it('is in the creation answer only: no read and no database row holds it', async () => {
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    for (const who of ['alice', 'bob']) {
      for (const text of await reads(who)) {
        expect(text).not.toContain(secret);
      }
    }
    const hooks = await request(t.app)
      .get('/configs/api/webhooks')
      .set('authorization', as('bob'))
      .expect(200);
    expect(hooks.body.secret).toMatchObject({
      set: true,
      setBy: 'user:default/alice',
      lastFour: secret.slice(-4),
    });
    const rows = await t.knex('build_configs').select('*');
    expect(JSON.stringify(rows)).not.toContain(secret);
    // and deliveries signed with it verify
    await deliver(secret, 'd-1').expect(201);
  });

  it('rotates for Masters only: the answer holds the new secret, the old one stops verifying', async () => {
    await request(t.app)
      .post('/configs/api/webhooks/rotate')
      .set('authorization', as('carol'))
      .expect(403);
    await request(t.app)
      .post('/configs/api/webhooks/rotate')
      .set('authorization', as('dave'))
      .expect(404);
    await request(t.app).post('/configs/api/webhooks/rotate').expect(401);
    // refusals changed nothing
    await deliver(secret, 'd-0').expect(201);

    const rotated = await request(t.app)
      .post('/configs/api/webhooks/rotate')
      .set('authorization', as('bob'))
      .expect(200);
    const next: string = rotated.body.secret;
    expect(next).not.toBe(secret);
    expect(rotated.body.setBy).toBe('user:default/bob');
    expect(Date.parse(rotated.body.setAt)).not.toBeNaN();

    await deliver(secret, 'd-1').expect(401);
    await deliver(next, 'd-2').expect(201);
    for (const text of await reads('alice')) {
      expect(text).not.toContain(next);
    }
    const hooks = await request(t.app)
      .get('/configs/api/webhooks')
      .set('authorization', as('alice'))
      .expect(200);
    expect(hooks.body.secret).toEqual({
      set: true,
      setAt: rotated.body.setAt,
      setBy: 'user:default/bob',
      lastFour: next.slice(-4),
    });
    const activity = await request(t.app)
      .get('/configs/api/activity')
      .set('authorization', as('alice'))
      .expect(200);
    expect(
      activity.body.items
        .filter((a: any) => a.action === 'webhook-secret-rotated')
        .map((a: any) => a.actor),
    ).toEqual(['user:default/bob']);
  });
});
