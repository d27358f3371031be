import { mockCredentials } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { createTestAccess } from '../__testUtils__/fixtures';
import { AccessService } from '../service/AccessService';
import { accessRouterApp } from '../__testUtils__/routerApp';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const as = (user: string) => mockCredentials.user.header(user);
const encoded = (ref: string) => encodeURIComponent(ref);

describe('createAccessRouter', () => {
  const databases = createCellportTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let access: AccessService;
    let app: express.Express;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ access } = await createTestAccess(knex));
      app = accessRouterApp(access);
      await access.registerResource(mockCredentials.user(ALICE), {
        kind: 'app',
        name: 'payments-api',
      });
    });

    it('answers 401 without credentials and changes nothing', async () => {
      await request(app).get('/apps/payments-api/members').expect(401);
      await request(app)
        .post('/apps/payments-api/members')
        .send({ member: BOB, role: 'guest' })
        .expect(401);
      await request(app)
        .delete(`/apps/payments-api/members/${encoded(ALICE)}`)
        .expect(401);
      const members = await request(app)
        .get('/apps/payments-api/members')
        .set('authorization', as(ALICE))
        .expect(200);
      expect(members.body.items).toHaveLength(1);
    });

    it('adds, changes and removes members', async () => {
      const added = await request(app)
        .post('/apps/payments-api/members')
        .set('authorization', as(ALICE))
        .send({ member: 'user:bob', role: 'reporter' })
        .expect(201);
      expect(added.body).toMatchObject({
        resourceRef: 'app:payments-api',
        member: BOB,
        role: 'reporter',
        addedBy: ALICE,
      });
      // bob sees the app but may not manage members (403, not 404)
      await request(app)
        .get('/apps/payments-api/members')
        .set('authorization', as(BOB))
        .expect(200);
      const refused = await request(app)
        .put(`/apps/payments-api/members/${encoded(BOB)}`)
        .set('authorization', as(BOB))
        .send({ role: 'master' })
        .expect(403);
      expect(refused.body.error.message).toMatch(/Master role/);
      const changed = await request(app)
        .put(`/apps/payments-api/members/${encoded(BOB)}`)
        .set('authorization', as(ALICE))
        .send({ role: 'developer' })
        .expect(200);
      expect(changed.body.role).toBe('developer');
      await request(app)
        .delete(`/apps/payments-api/members/${encoded(BOB)}`)
        .set('authorization', as(ALICE))
        .expect(204);
      // bob is no member any more: the app does not exist for him
      await request(app)
        .get('/apps/payments-api/members')
        .set('authorization', as(BOB))
        .expect(404);
    });

    it.each([
      [{ member: BOB, role: 'admin' }, /role must be one of/],
      [{ member: BOB }, /role/],
      [{ member: 'user:default/nobody', role: 'guest' }, /Unknown member/],
      [
        { member: 'not a ref:', role: 'guest' },
        /not a catalog entity reference|Users or Groups/,
      ],
      [{ member: BOB, role: 'guest', extra: true }, /extra/],
      ['member=bob', /member/],
    ])('answers 400 to POST %j and changes nothing', async (body, message) => {
      const before = await access.listActivity(
        mockCredentials.user(ALICE),
        'app:payments-api',
      );
      const res = await request(app)
        .post('/apps/payments-api/members')
        .set('authorization', as(ALICE))
        .set('content-type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body))
        .expect(400);
      expect(res.body.error.message).toMatch(message);
      const after = await access.listActivity(
        mockCredentials.user(ALICE),
        'app:payments-api',
      );
      expect(after).toEqual(before);
    });

    it('answers 404 to a non-member whatever the body, before validating it (issue 10)', async () => {
      const CAROL = 'user:default/carol';
      const before = await access.listActivity(
        mockCredentials.user(ALICE),
        'app:payments-api',
      );
      const calls: Array<[string, string, unknown]> = [
        ['post', '/apps/payments-api/members', { member: BOB, role: 'admin' }],
        ['post', '/apps/payments-api/members', { member: 'not a ref:' }],
        ['put', `/apps/payments-api/members/${encoded(BOB)}`, { role: 'boss' }],
        [
          'delete',
          `/apps/payments-api/members/${encoded('not a ref:')}`,
          undefined,
        ],
        ['post', '/apps/payments-api/transfer', { newOwner: 42 }],
        ['put', '/apps/payments-api/visibility', { visibility: 'everyone' }],
      ];
      for (const [method, path, body] of calls) {
        let call = (request(app) as any)
          [method](path)
          .set('authorization', as(CAROL));
        if (body !== undefined) {
          call = call
            .set('content-type', 'application/json')
            .send(typeof body === 'string' ? body : JSON.stringify(body));
        }
        const res = await call;
        expect({ method, path, status: res.status }).toEqual({
          method,
          path,
          status: 404,
        });
        expect(res.body.error.message).toMatch(/App 'payments-api' not found/);
      }
      // a member who may see the app still gets the 400 naming the problem
      const bad = await request(app)
        .post('/apps/payments-api/members')
        .set('authorization', as(ALICE))
        .send({ member: BOB, role: 'admin' })
        .expect(400);
      expect(bad.body.error.message).toMatch(/role/);
      const after = await access.listActivity(
        mockCredentials.user(ALICE),
        'app:payments-api',
      );
      expect(after).toEqual(before);
    });

    it('refuses to remove the last Owner with 409', async () => {
      const res = await request(app)
        .delete(`/apps/payments-api/members/${encoded(ALICE)}`)
        .set('authorization', as(ALICE))
        .expect(409);
      expect(res.body.error.message).toMatch(/last Owner/);
      await request(app)
        .put(`/apps/payments-api/members/${encoded(ALICE)}`)
        .set('authorization', as(ALICE))
        .send({ role: 'guest' })
        .expect(409);
    });

    it('answers 404 for a missing resource and 400 for a bad activity query', async () => {
      await request(app)
        .get('/apps/nothing-here/members')
        .set('authorization', as(ALICE))
        .expect(404);
      await request(app)
        .get('/apps/payments-api/activity?limit=zero')
        .set('authorization', as(ALICE))
        .expect(400);
      const activity = await request(app)
        .get('/apps/payments-api/activity?limit=2')
        .set('authorization', as(ALICE))
        .expect(200);
      expect(activity.body.items).toHaveLength(2);
    });

    it('serves image repositories with a two-part name, their visibility and transfer', async () => {
      await access.registerResource(mockCredentials.user(ALICE), {
        kind: 'image-repository',
        name: 'pay/ledger',
      });
      await request(app)
        .put('/repositories/pay/ledger/visibility')
        .set('authorization', as(ALICE))
        .send({ visibility: 'everyone' })
        .expect(400);
      await request(app)
        .put('/repositories/pay/ledger/visibility')
        .set('authorization', as(ALICE))
        .send({ visibility: 'public' })
        .expect(200);
      await request(app)
        .get('/repositories/pay/ledger/members')
        .set('authorization', as(BOB))
        .expect(200);
      await request(app)
        .post('/repositories/pay/ledger/transfer')
        .set('authorization', as(BOB))
        .send({ newOwner: BOB })
        .expect(403);
      const transferred = await request(app)
        .post('/repositories/pay/ledger/transfer')
        .set('authorization', as(ALICE))
        .send({ newOwner: BOB })
        .expect(200);
      expect(
        transferred.body.items.map((m: any) => [m.member, m.role]),
      ).toEqual([
        [BOB, 'owner'],
        [ALICE, 'master'],
      ]);
    });
  });
});
