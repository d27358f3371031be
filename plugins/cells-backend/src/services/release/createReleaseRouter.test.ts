import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { AccessService } from '@cellport/plugin-access-node';
import express from 'express';
import request from 'supertest';
import { createTestAccess } from './__testUtils__/access';
import { createHarness, Harness } from './__testUtils__/harness';
import { createReleaseRouter } from './createReleaseRouter';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const DAVE = 'user:default/dave';
const as = (user: string) => mockCredentials.user.header(user);

const plan = {
  version: 'v2',
  steps: [
    { cells: ['a'], canary: { replicas: 1 } },
    { cells: ['a', 'b'], canary: { percent: 100 } },
  ],
};

describe('createReleaseRouter', () => {
  const databases = createCellportTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let h: Harness;
    let access: AccessService;
    let app: express.Express;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      h = await createHarness(knex);
      access = await createTestAccess(knex);
      await h.seedApp('shop');
      await h.seedApp('cart');
      for (const name of ['shop', 'cart']) {
        await access.registerResource(mockCredentials.user(ALICE), {
          kind: 'app',
          name,
        });
      }
      await access.addMember(
        mockCredentials.user(ALICE),
        { kind: 'app', name: 'shop' },
        {
          member: BOB,
          role: 'master',
        },
      );
      await access.addMember(
        mockCredentials.user(ALICE),
        { kind: 'app', name: 'shop' },
        {
          member: CAROL,
          role: 'reporter',
        },
      );
      app = express();
      app.use(
        createReleaseRouter({
          access,
          appStore: h.appStore,
          releases: h.releases,
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
        }),
      );
      app.use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger: mockServices.logger.mock(),
        }).error(),
      );
    });

    it('lists the metric gate sources plans may use, to signed-in users', async () => {
      const res = await request(app).get('/gate-sources').set('authorization', as(DAVE));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: ['fake'] });
      expect((await request(app).get('/gate-sources')).status).toBe(401);
    });

    it('starts a release for a Master only; others get 403, non-members 404', async () => {
      await request(app).post('/apps/shop/releases').send(plan).expect(401);
      const refused = await request(app)
        .post('/apps/shop/releases')
        .set('authorization', as(CAROL))
        .send(plan)
        .expect(403);
      expect(refused.body.error.message).toMatch(/Master role/);
      await request(app)
        .post('/apps/shop/releases')
        .set('authorization', as(DAVE))
        .send(plan)
        .expect(404);
      expect(await h.releases.list('shop')).toEqual({ items: [] });

      const started = await request(app)
        .post('/apps/shop/releases')
        .set('authorization', as(BOB))
        .send(plan)
        .expect(201);
      expect(started.body).toMatchObject({
        app: 'shop',
        version: 'v2',
        state: 'running',
        createdBy: BOB,
        fromVersions: { a: 'v1', b: 'v1' },
        steps: [
          {
            index: 0,
            state: 'pending',
            plan: { readyDeadlineSeconds: 300, approval: 'auto' },
          },
          { index: 1, state: 'pending' },
        ],
      });

      const second = await request(app)
        .post('/apps/shop/releases')
        .set('authorization', as(ALICE))
        .send(plan)
        .expect(409);
      expect(second.body.error.message).toContain(started.body.id);
    });

    it('answers 400 and 404 for bad plans and touches no cell', async () => {
      const post = (body: object) =>
        request(app)
          .post('/apps/shop/releases')
          .set('authorization', as(BOB))
          .send(body);
      const unknownCell = await post({
        version: 'v2',
        steps: [{ cells: ['a', 'b', 'zz'], canary: { percent: 100 } }],
      }).expect(400);
      expect(unknownCell.body.error.message).toContain(
        "cell 'zz' is not a cell of app 'shop'",
      );
      const notFull = await post({
        version: 'v2',
        steps: [{ cells: ['a', 'b'], canary: { percent: 50 } }],
      }).expect(400);
      expect(notFull.body.error.message).toContain(
        "cells 'a', 'b' never reach 100%",
      );
      const badShape = await post({ version: 'V2!', steps: [] }).expect(400);
      expect(badShape.body.error.message).toMatch(/version/);
      await post({ ...plan, version: 'v9' }).expect(404);
      expect(h.workloads.log).toEqual([]);
      expect(await h.releases.list('shop')).toEqual({ items: [] });
    });

    it('takes a step traffic share from 0 to 100 (400 otherwise) and tells other plugins only', async () => {
      const post = (trafficPercent: unknown) =>
        request(app)
          .post('/apps/shop/releases')
          .set('authorization', as(BOB))
          .send({ ...plan, steps: [{ ...plan.steps[0], trafficPercent }, plan.steps[1]] });
      for (const bad of [101, -1, 2.5, 'ten']) {
        const res = await post(bad).expect(400);
        expect(res.body.error.message).toContain('trafficPercent');
      }
      expect(await h.releases.list('shop')).toEqual({ items: [] });
      const started = await post(10).expect(201);
      expect(started.body.steps[0].plan.trafficPercent).toBe(10);
      const service = mockCredentials.service.header();
      const shares = await request(app).get('/traffic-shares').set('authorization', service).expect(200);
      expect(shares.body).toEqual({
        items: [{ app: 'shop', releaseId: started.body.id, version: 'v2', percent: 10 }],
      });
      await request(app).get('/traffic-shares').set('authorization', as(ALICE)).expect(403);
      await request(app).get('/traffic-shares').expect(401);
    });

    it('reads releases, steps and the timeline for members; 404 elsewhere', async () => {
      const { id } = await h.releases.start('shop', plan, BOB);
      await h.driver.tickOnce();

      const list = await request(app)
        .get('/apps/shop/releases')
        .set('authorization', as(CAROL))
        .expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
      await request(app)
        .get('/apps/shop/releases')
        .set('authorization', as(DAVE))
        .expect(404);
      for (const bad of ['limit=0', 'limit=201', 'cursor=%25%25', 'cursor=WyJ4IiwieSJd']) {
        const res = await request(app)
          .get(`/apps/shop/releases?${bad}`)
          .set('authorization', as(CAROL));
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      }
      // a non-member learns nothing from a page request either
      await request(app)
        .get('/apps/shop/releases?limit=0')
        .set('authorization', as(DAVE))
        .expect(404);

      const one = await request(app)
        .get(`/apps/shop/releases/${id}`)
        .set('authorization', as(CAROL))
        .expect(200);
      expect(one.body.steps[0]).toMatchObject({
        state: 'progressing',
        targets: { a: 1 },
      });
      // the release belongs to shop, not to cart
      await request(app)
        .get(`/apps/cart/releases/${id}`)
        .set('authorization', as(ALICE))
        .expect(404);
      await request(app)
        .get(`/apps/shop/releases/${id}`)
        .set('authorization', as(DAVE))
        .expect(404);

      const events = await request(app)
        .get(`/apps/shop/releases/${id}/events`)
        .set('authorization', as(CAROL))
        .expect(200);
      const types = events.body.items.map((e: { type: string }) => e.type);
      expect(types.slice(0, 3)).toEqual([
        'started',
        'step-started',
        'cell-applied',
      ]);
      expect(events.body.items[0]).toMatchObject({ actor: BOB, releaseId: id });
      const after = await request(app)
        .get(
          `/apps/shop/releases/${id}/events?after=${events.body.items[0].id}`,
        )
        .set('authorization', as(CAROL))
        .expect(200);
      expect(after.body.items).toHaveLength(events.body.items.length - 1);
      await request(app)
        .get(`/apps/shop/releases/${id}/events`)
        .set('authorization', as(DAVE))
        .expect(404);
    });

    it('takes actions from Masters: 403 for Reporters, 409 when the action does not fit', async () => {
      const { id } = await h.releases.start('shop', plan, BOB);
      const act = (user: string, body: object) =>
        request(app)
          .post(`/apps/shop/releases/${id}/actions`)
          .set('authorization', as(user))
          .send(body);
      await act(CAROL, { action: 'pause' }).expect(403);
      await act(DAVE, { action: 'pause' }).expect(404);
      await act(BOB, { action: 'explode' }).expect(400);
      await act(BOB, { action: 'skip-cell' }).expect(400);

      const paused = await act(BOB, { action: 'pause' }).expect(200);
      expect(paused.body).toMatchObject({
        state: 'paused',
        reason: `paused by ${BOB}`,
      });
      const again = await act(BOB, { action: 'pause' }).expect(409);
      expect(again.body.error.message).toContain('it is paused');
      await act(BOB, { action: 'retry' }).expect(409);
      const resumed = await act(BOB, { action: 'resume' }).expect(200);
      expect(resumed.body.state).toBe('running');
      await act(BOB, { action: 'resume' }).expect(409);
      const aborted = await act(ALICE, { action: 'abort' }).expect(200);
      expect(aborted.body).toMatchObject({
        state: 'rolling-back',
        reason: `aborted by ${ALICE}`,
      });
      await act(BOB, { action: 'promote' }).expect(409);
    });
  });
});
