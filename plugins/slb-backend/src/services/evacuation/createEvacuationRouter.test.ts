/**
 * The evacuation API over a real database (SQLite and PostgreSQL): platform admins only (404 for
 * everyone else), bad input 400 with nothing stored, one evacuation per cell, restore only when
 * evacuated and the cell answers; the leases let one replica at a time drive an evacuation.
 * The cells plugin and the groups' etcd are stand-ins here; test/src/slb-evacuation* runs it all
 * for real.
 */
import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AppPlacement, CellReachability, CellsScalingService } from '@cellport/plugin-cells-node';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { Knex } from 'knex';
import { ConfigGroupSupplier } from '../ConfigGroupSupplier';
import { SlbEtcd } from '../SlbEtcd';
import { createEvacuationRouter } from './createEvacuationRouter';
import { EvacuationPlanner } from './EvacuationPlanner';
import { EvacuationService } from './EvacuationService';
import { EvacuationStore } from './EvacuationStore';
import { applyEvacuationMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const permissions: PermissionsService = {
  async authorize(requests: any[], options: any) {
    const admin = options.credentials.principal.userEntityRef === 'user:default/erin';
    return requests.map(() => ({ result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY }));
  },
  async authorizeConditional() {
    throw new Error('not used');
  },
} as any;

class FakeScaling implements CellsScalingService {
  reachable: Record<string, boolean> = { 'dev-1': true, 'dev-2': true };
  async getPlacement(app: string): Promise<AppPlacement> {
    return {
      app,
      region: 'dev',
      cells: ['dev-1', 'dev-2'].map(cell => ({
        cell,
        region: 'dev',
        stableVersion: 'v1',
        specReplicas: 2,
        desired: this.reachable[cell] ? 2 : undefined,
        ready: this.reachable[cell] ? 2 : undefined,
        reachable: this.reachable[cell],
        extraCapacity: 10,
      })),
    };
  }
  async scale() {}
  async checkCells(region?: string): Promise<CellReachability[]> {
    return Object.entries(this.reachable)
      .map(([cell, reachable]) => ({ cell, region: 'dev', reachable }))
      .filter(c => !region || c.region === region);
  }
}

const etcd = {
  async listUpstreams() {
    const servers = ['127.1.0.1:8080', '127.1.0.2:8080', '127.2.0.1:8080', '127.2.0.2:8080'].map((address, i) => ({
      address,
      cell: i < 2 ? 'dev-1' : 'dev-2',
      version: 'v1',
      weight: 1,
    }));
    return new Map([['shop:8080', { upstream: { app: 'shop', port: 8080, servers, cells: {} }, modRevision: 5 }]]);
  },
} as unknown as SlbEtcd;

const as = (user: string) => mockCredentials.user.header(`user:default/${user}`);

describe.each(databases.eachSupportedId())('evacuation API on %p', databaseId => {
  let knex: Knex;
  let app: express.Express;
  let store: EvacuationStore;
  const scaling = new FakeScaling();

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyEvacuationMigrations(knex);
    await applyEvacuationMigrations(knex); // idempotent
    const config = new ConfigReader({
      cellport: {
        slb: {
          groups: [{ name: 'dev-public', region: 'dev', vip: '127.0.0.11', cnameSuffix: 'lb.test', etcd: { endpoints: ['http://127.0.0.1:1'] } }],
        },
      },
    });
    store = new EvacuationStore(knex);
    const service = new EvacuationService({
      store,
      planner: new EvacuationPlanner(new ConfigGroupSupplier(config), etcd, scaling),
      scaling,
      permissions,
    });
    const logger = mockServices.logger.mock();
    app = express();
    app.use(createEvacuationRouter({ httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }), evacuations: service }));
    app.use(MiddlewareFactory.create({ config, logger }).error());
  });

  it('is not there for users who are not platform admins (404), nor without sign-in (401)', async () => {
    await request(app).get('/evacuations').expect(401);
    await request(app).get('/evacuations').set('authorization', as('alice')).expect(404);
    await request(app).post('/evacuations/plan').set('authorization', as('alice')).send({ cell: 'dev-2' }).expect(404);
    await request(app).post('/evacuations').set('authorization', as('alice')).send({ cell: 'dev-2' }).expect(404);
    expect(await store.list()).toEqual([]);
  });

  it('answers bad input with 400 and stores nothing', async () => {
    const unknown = await request(app).post('/evacuations').set('authorization', as('erin')).send({ cell: 'nope' }).expect(400);
    expect(unknown.body.error.message).toContain("no cell named 'nope'");
    const bad = await request(app).post('/evacuations/plan').set('authorization', as('erin')).send({ cell: 'Not A Cell' }).expect(400);
    expect(bad.body.error.message).toContain('DNS-1123');
    await request(app).post('/evacuations').set('authorization', as('erin')).send({ cell: 'dev-2', extra: 1 }).expect(400);
    expect(await store.list()).toEqual([]);
  });

  it('plans: the cell’s replicas go to the other cell', async () => {
    const plan = await request(app).post('/evacuations/plan').set('authorization', as('erin')).send({ cell: 'dev-2' }).expect(200);
    expect(plan.body).toMatchObject({
      cell: 'dev-2',
      region: 'dev',
      groups: ['dev-public'],
      apps: [{ app: 'shop', version: 'v1', servers: 2, replicas: 2, targets: [{ cell: 'dev-1', from: 2, to: 4, specReplicas: 2 }], uncarried: 0 }],
    });
    expect(await store.list()).toEqual([]);
  });

  it('starts one evacuation per cell, never of the last cell that could serve, and restores only an evacuated one', async () => {
    const started = await request(app)
      .post('/evacuations')
      .set('authorization', as('erin'))
      .send({ cell: 'dev-2', reason: 'rack maintenance' })
      .expect(201);
    expect(started.body).toMatchObject({ cell: 'dev-2', state: 'evacuating', trigger: 'manual', reason: 'rack maintenance', createdBy: 'user:default/erin' });
    expect(started.body.events[0].message).toContain('rack maintenance');
    const again = await request(app).post('/evacuations').set('authorization', as('erin')).send({ cell: 'dev-2' }).expect(409);
    expect(again.body.error.message).toContain('already evacuated');
    const last = await request(app).post('/evacuations').set('authorization', as('erin')).send({ cell: 'dev-1' }).expect(409);
    expect(last.body.error.message).toContain('no other cell of region');
    const early = await request(app).post(`/evacuations/${started.body.id}/restore`).set('authorization', as('erin')).expect(409);
    expect(early.body.error.message).toContain('is evacuating');
    await request(app).get(`/evacuations/${started.body.id}`).set('authorization', as('alice')).expect(404);
    await request(app).get('/evacuations/no-such-id').set('authorization', as('erin')).expect(404);

    // one replica at a time holds it
    expect(await store.claim('replica-a', 10_000)).toEqual([started.body.id]);
    expect(await store.claim('replica-b', 10_000)).toEqual([]);
    expect(await store.saveProgress(started.body.id, 'replica-b', { state: 'evacuated', step: 'evacuated', data: {} })).toBe(false);
    expect(await store.saveProgress(started.body.id, 'replica-a', { state: 'evacuated', step: 'evacuated', data: {} })).toBe(true);
    await store.releaseLeases('replica-a');

    scaling.reachable['dev-2'] = false;
    const cut = await request(app).post(`/evacuations/${started.body.id}/restore`).set('authorization', as('erin')).expect(409);
    expect(cut.body.error.message).toContain('unreachable');
    scaling.reachable['dev-2'] = true;
    const restoring = await request(app).post(`/evacuations/${started.body.id}/restore`).set('authorization', as('erin')).expect(200);
    expect(restoring.body).toMatchObject({ state: 'restoring', restoreRequestedBy: 'user:default/erin' });
    expect(await store.claim('replica-b', 10_000)).toEqual([started.body.id]);
    await store.finish(started.body.id, 'dev-2');
    const list = await request(app).get('/evacuations').set('authorization', as('erin')).expect(200);
    expect(list.body.items.map((e: any) => e.state)).toEqual(['restored']);
    // the cell is free again
    await request(app).post('/evacuations').set('authorization', as('erin')).send({ cell: 'dev-2' }).expect(201);
  });

  it('pages evacuations newest first, ties by id, each once; bad pages 400 for admins, 404 for others', async () => {
    // finished evacuations of past days, three of them created in the same millisecond
    const past = (i: number) => `2026-01-0${1 + Math.floor(i / 3)}T00:00:00.000Z`;
    const rows = Array.from({ length: 8 }, (_, i) => ({
      id: `00000000-0000-0000-0000-00000000000${i}`,
      cell: 'dev-1',
      region: 'dev',
      state: 'restored',
      step: 'restored',
      step_data: '{}',
      trigger: 'manual',
      reason: `past ${i}`,
      plan: '{}',
      created_by: 'user:default/erin',
      created_at: past(i),
      updated_at: past(i),
      lease_until: 0,
    }));
    await knex('slb_evacuations').insert(rows);
    const everything = (await knex('slb_evacuations').select('id', 'created_at'))
      .map(r => `${r.created_at} ${r.id}`)
      .sort()
      .reverse()
      .map(key => key.split(' ')[1]);
    expect(everything).toHaveLength(8 + 2);
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await request(app)
        .get('/evacuations')
        .query({ limit: '3', ...(cursor ? { cursor } : {}) })
        .set('authorization', as('erin'))
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      ids.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(ids).toEqual(everything);
    expect(pages).toBe(4);
    for (const q of ['limit=0', 'limit=501', 'cursor=bad', 'cursor=WyJhIl0']) {
      await request(app).get(`/evacuations?${q}`).set('authorization', as('erin')).expect(400);
      await request(app).get(`/evacuations?${q}`).set('authorization', as('alice')).expect(404);
    }
  });
});
