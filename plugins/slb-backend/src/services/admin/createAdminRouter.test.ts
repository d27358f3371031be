/**
 * The slb admin route: special (extra directive) configuration across LB groups with who set it
 * and when, a group whose etcd fails reported beside the others; platform admins only, everyone
 * else gets the body-less 404 of an unknown route. test/src/admin runs it against a real etcd.
 */
import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SlbDomain } from '@cellport/plugin-slb-common';
import { platformAdminPermissions } from '@cellport/test-utils';
import { ConfiguredGroup } from '../ConfigGroupSupplier';
import { createAdminRouter } from './createAdminRouter';
import { SpecialConfigs } from './SpecialConfigs';

/** erin is a platform admin; alice and everyone else are not. */
const permissions = platformAdminPermissions(['user:default/erin']);

const group = (name: string, region: string) => ({ name, region }) as ConfiguredGroup;
const domain = (name: string, extra: Partial<SlbDomain> = {}): SlbDomain => ({
  name,
  group: 'public',
  app: 'shop',
  aliases: [],
  locations: [{ path: '/', app: 'shop', port: 8080 }],
  timeouts: { connectSeconds: 5, readSeconds: 60, sendSeconds: 60 },
  headers: {},
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...extra,
});
const as = (user: string) => mockCredentials.user.header(`user:default/${user}`);

describe('slb admin API', () => {
  const domains: Record<string, SlbDomain[] | Error> = {
    public: [
      domain('z.example.test', {
        extraDirectives: 'gzip on;',
        directivesSetBy: 'user:default/erin',
        directivesSetAt: '2026-12-05T10:00:00.000Z',
      }),
      domain('plain.example.test'),
      domain('blank.example.test', { extraDirectives: '  ' }),
      domain('old.example.test', { extraDirectives: 'client_max_body_size 10m;' }),
    ],
    internal: new Error("etcd of LB group 'internal' is unavailable"),
  };
  const app = express();
  app.use(
    createAdminRouter({
      httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
      permissions,
      specialConfigs: new SpecialConfigs({
        groups: { read: () => [group('public', 'bj'), group('internal', 'bj')] },
        etcd: {
          async listDomains(g) {
            const d = domains[g.name];
            if (d instanceof Error) throw d;
            return d;
          },
        },
      }),
    }),
  );
  const config = new ConfigReader({});
  app.use(MiddlewareFactory.create({ config, logger: mockServices.logger.mock() }).notFound());
  app.use(MiddlewareFactory.create({ config, logger: mockServices.logger.mock() }).error());

  it('lists every domain with special directives, with who set them and when', async () => {
    const res = await request(app).get('/admin/special-configs').set('authorization', as('erin')).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          domain: 'old.example.test',
          group: 'public',
          region: 'bj',
          app: 'shop',
          directives: 'client_max_body_size 10m;',
          setAt: '2026-12-01T00:00:00.000Z',
        },
        {
          domain: 'z.example.test',
          group: 'public',
          region: 'bj',
          app: 'shop',
          directives: 'gzip on;',
          setBy: 'user:default/erin',
          setAt: '2026-12-05T10:00:00.000Z',
        },
      ],
      errors: [{ group: 'internal', error: "etcd of LB group 'internal' is unavailable" }],
    });
  });

  it('does not exist for anyone else: the empty 404 of an unknown route', async () => {
    const unknown = await request(app).get('/admin/nothing-here').set('authorization', as('alice'));
    expect(unknown.status).toBe(404);
    for (const req of [
      request(app).get('/admin/special-configs').set('authorization', as('alice')),
      request(app).get('/admin/special-configs').set('authorization', mockCredentials.service.header()),
    ]) {
      const res = await req;
      expect(res.status).toBe(404);
      expect(res.text).toBe(unknown.text);
    }
    await request(app).get('/admin/special-configs').expect(401);
  });

  it('leaves the plugin’s other routes to the routers after it', async () => {
    const res = await request(app).get('/domains').set('authorization', as('alice'));
    expect(res.status).toBe(404);
  });
});
