import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import type { AccessService } from '@cellport/plugin-access-node';
import express from 'express';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createRouter } from '../router';
import { AppService } from '../services/apps/AppService';
import { AppViews } from '../services/apps/AppViews';
import { CellService } from '../services/CellService';
import { createReleaseRouter } from '../services/release';
import { createScalingRouter } from '../services/scaling/createScalingRouter';
import { spec } from './openapi.generated';

// building the whole router loads the validator and compiles the document: seconds on a loaded machine
jest.setTimeout(60_000);

/** `METHOD /path/:param` of every route an express router (and the routers it mounts) serves. */
function servedRoutes(router: any, prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of router.stack ?? []) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      }
    } else if (layer.handle?.stack) {
      // a mounted router: its mount path back from express's regexp (`/apps/:app`)
      let mount = String(layer.regexp.source)
        .replace(/^\^/, '')
        .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '')
        .replace(/\\\//g, '/');
      for (const key of layer.keys ?? []) {
        mount = mount.replace('(?:/([^/]+?))', `/:${key.name}`);
      }
      out.push(...servedRoutes(layer.handle, prefix + mount));
    }
  }
  return out;
}

/** `METHOD /path/:param` of every operation of the OpenAPI document. */
function documentedRoutes(): string[] {
  return Object.entries(spec.paths).flatMap(([p, item]) =>
    Object.keys(item)
      .filter(k => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
      .map(m => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

async function fullRouter() {
  const fake = {} as any;
  const access = {} as AccessService;
  const httpAuth = mockServices.httpAuth();
  const apps = AppService.create({
    store: fake,
    workloads: fake,
    cells: fake,
    access,
    permissions: mockServices.permissions(),
    logger: mockServices.logger.mock(),
  });
  return createRouter({
    cells: new CellService(fake, fake, fake),
    httpAuth,
    permissions: mockServices.permissions(),
    apps,
    appViews: AppViews.create({ store: fake, workloads: fake, access }),
    access,
    releases: createReleaseRouter({
      access,
      appStore: fake,
      releases: fake,
      httpAuth,
    }),
    scaling: createScalingRouter({ httpAuth, scaling: fake }),
    admin: { operations: fake, capacity: fake, quotas: fake },
  });
}

describe('the cells OpenAPI document', () => {
  it('is what openapi.generated.ts holds (run `npm run generate:openapi` after editing the YAML)', () => {
    const doc = yaml.load(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(spec))).toEqual(doc);
  });

  it('describes exactly the routes the router serves', async () => {
    const served = servedRoutes(await fullRouter()).filter(
      r => r !== 'GET /openapi.json',
    );
    expect([...new Set(served)].sort()).toEqual(documentedRoutes().sort());
  });

  it('validates requests against the document before any handler and serves it', async () => {
    const app = express();
    app.use(await fullRouter());
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }).error(),
    );

    const noCells = await request(app).post('/apps').send({ name: 'shop' });
    expect(noCells.status).toBe(400);
    expect(noCells.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("must have required property 'cells'"),
    });

    const notAName = await request(app)
      .post('/apps')
      .send({ name: 7, cells: ['dev-1'] });
    expect(notAName.status).toBe(400);
    expect(notAName.body.error.message).toContain('request/body/name must be string');

    const unknownQuery = await request(app).get('/apps?color=red');
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.body.error.message).toContain('color');

    const noReplicas = await request(app)
      .post('/apps/shop/versions/v1/scale')
      .send({ cell: 'dev-1' });
    expect(noReplicas.status).toBe(400);
    expect(noReplicas.body.error.message).toContain(
      "must have required property 'replicas'",
    );

    const document = await request(app).get('/openapi.json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toContain(
      '/apps/{app}/versions/{version}/scale',
    );
  });
});
