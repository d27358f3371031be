/**
 * The builds admin route over a real database (SQLite and PostgreSQL): builds per UTC day with
 * their failures and the latest failed builds, for platform admins only; everyone else (other
 * users, services) gets the body-less 404 of an unknown route, even for a bad query.
 */
import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  createCellportTestDatabases,
  platformAdminPermissions,
} from '@cellport/test-utils';
import { Knex } from 'knex';
import { applyBuildsMigrations } from '../../database/migrations';
import { BuildOperations, lastDays } from './BuildOperations';
import { createAdminRouter } from './createAdminRouter';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

/** erin is a platform admin; alice and everyone else are not. */
const permissions = platformAdminPermissions(['user:default/erin']);

const NOW = new Date('2026-12-06T15:00:00.000Z');
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe('lastDays', () => {
  it('lists UTC dates oldest first, ending today, across a month end', () => {
    expect(lastDays(3, new Date('2026-12-01T00:30:00Z'))).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'builds admin API on %p',
  databaseId => {
    let knex: Knex;
    let app: express.Express;

    const build = (
      n: number,
      createdAt: string,
      state: string,
      extra: Record<string, unknown> = {},
    ) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      config: 'shop',
      number: n,
      state,
      trigger: JSON.stringify({ type: 'manual', actor: 'user:default/alice' }),
      branch: 'main',
      attempts: '[]',
      steps: '[]',
      created_by: 'user:default/alice',
      created_at: new Date(createdAt),
      ...extra,
    });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyBuildsMigrations(knex);
      await knex('builds').insert([
        build(1, '2026-11-01T10:00:00Z', 'failed'), // outside 30 days, still a latest failure
        build(2, '2026-12-04T23:59:59Z', 'succeeded'),
        build(3, '2026-12-06T00:00:00Z', 'failed', {
          failed_step: 'build',
          reason: 'RUN make exited 2',
          finished_at: new Date('2026-12-06T00:05:00Z'),
        }),
        build(4, '2026-12-06T09:00:00Z', 'cancelled'),
        build(5, '2026-12-06T10:00:00Z', 'failed', {
          failed_step: 'push',
          reason: 'registry refused the push',
          finished_at: new Date('2026-12-06T10:02:00Z'),
          created_by: 'github:alice-gh',
        }),
      ]);
      const config = mockServices.rootConfig();
      app = express();
      app.use(
        createAdminRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          permissions,
          operations: new BuildOperations(knex, () => NOW),
        }),
      );
      // what an unknown route gets from the backend
      app.use(
        MiddlewareFactory.create({
          config,
          logger: mockServices.logger.mock(),
        }).notFound(),
      );
      app.use(
        MiddlewareFactory.create({
          config,
          logger: mockServices.logger.mock(),
        }).error(),
      );
    });

    afterAll(async () => {
      await knex.destroy();
    });

    it('counts builds and failures per UTC day, every day present, and lists the latest failures', async () => {
      const res = await request(app)
        .get('/admin/operations')
        .set('authorization', as('erin'))
        .expect(200);
      expect(res.body.days).toHaveLength(30);
      expect(res.body.days[0]).toEqual({
        date: '2026-11-07',
        builds: 0,
        failed: 0,
      });
      expect(res.body.days.slice(-3)).toEqual([
        { date: '2026-12-04', builds: 1, failed: 0 },
        { date: '2026-12-05', builds: 0, failed: 0 },
        { date: '2026-12-06', builds: 3, failed: 2 },
      ]);
      expect(res.body.failedBuilds).toEqual([
        {
          config: 'shop',
          number: 5,
          failedAt: '2026-12-06T10:02:00.000Z',
          step: 'push',
          reason: 'registry refused the push',
          startedBy: 'github:alice-gh',
        },
        {
          config: 'shop',
          number: 3,
          failedAt: '2026-12-06T00:05:00.000Z',
          step: 'build',
          reason: 'RUN make exited 2',
          startedBy: 'user:default/alice',
        },
        {
          config: 'shop',
          number: 1,
          failedAt: '2026-11-01T10:00:00.000Z',
          startedBy: 'user:default/alice',
        },
      ]);
      const week = await request(app)
        .get('/admin/operations?days=7')
        .set('authorization', as('erin'))
        .expect(200);
      expect(week.body.days.map((d: any) => d.date)).toEqual(lastDays(7, NOW));
    });

    it('answers a bad window with 400 for admins', async () => {
      for (const days of ['0', '91', 'x', '1.5']) {
        const res = await request(app)
          .get(`/admin/operations?days=${days}`)
          .set('authorization', as('erin'));
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
      }
    });

    it('does not exist for anyone else: the empty 404 of an unknown route', async () => {
      const unknown = await request(app)
        .get('/admin/no-such-route')
        .set('authorization', as('alice'));
      expect(unknown.status).toBe(404);
      for (const req of [
        request(app).get('/admin/operations').set('authorization', as('alice')),
        request(app)
          .get('/admin/operations?days=0')
          .set('authorization', as('alice')),
        request(app)
          .get('/admin/operations')
          .set('authorization', mockCredentials.service.header()),
      ]) {
        const res = await req;
        expect(res.status).toBe(404);
        expect(res.text).toBe(unknown.text);
        expect(res.headers['content-type']).toBe(
          unknown.headers['content-type'],
        );
      }
      await request(app).get('/admin/operations').expect(401);
    });
  },
);
