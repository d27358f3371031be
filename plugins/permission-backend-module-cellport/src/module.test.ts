import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  appCreatePermission,
  appPermissions,
} from '@cellport/plugin-access-common';
import {
  AccessService,
  createAccessRouter,
} from '@cellport/plugin-access-node';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogGroup, catalogUser } from '@cellport/test-utils';
import { httpAuthWithActorsFactory } from './__testUtils__/authWithActors';
import permissionModuleCellportPolicy from './index';

jest.setTimeout(120_000);

const user = catalogUser;
const group = catalogGroup;

const entities = [
  user('alice', ['payments-team']),
  user('bob', ['payments-team']),
  user('carol', ['storefront-team']),
  user('erin', ['platform', 'platform-admins']),
  group('cellport'),
  group('payments-team', 'cellport'),
  group('storefront-team', 'cellport'),
  group('platform', 'cellport'),
  group('platform-admins', 'platform'),
];

/** A minimal `cells` plugin: what a Cellport backend plugin writes to use the library. */
const cellsPlugin = createBackendPlugin({
  pluginId: 'cells',
  register(reg) {
    reg.registerInit({
      deps: {
        database: coreServices.database,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ httpRouter, httpAuth, permissions, ...deps }) {
        const access = await AccessService.create({
          ...deps,
          permissions,
          kinds: ['app'],
        });
        const router = Router();
        router.use(express.json());
        router.post('/apps', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          const [decision] = await permissions.authorize(
            [{ permission: appCreatePermission }],
            { credentials },
          );
          if (decision.result !== AuthorizeResult.ALLOW) {
            res.status(403).end();
            return;
          }
          res.status(201).json(
            await access.registerResource(credentials, {
              kind: 'app',
              name: req.body.name,
            }),
          );
        });
        router.post('/apps/:name/deploy', async (req, res) => {
          const credentials = await httpAuth.credentials(req);
          await access.authorize(credentials, appPermissions.deploy, {
            kind: 'app',
            name: req.params.name,
          });
          res.json({ deployed: true });
        });
        router.get('/apps', async (req, res) => {
          const credentials = await httpAuth.credentials(req);
          const apps = await access.listResources(credentials, 'app');
          res.json({ items: apps.map(a => a.name) });
        });
        router.use(
          '/apps/:name',
          createAccessRouter({ access, httpAuth, kind: 'app' }),
        );
        httpRouter.use(router);
      },
    });
  },
});

describe('permissionModuleCellportPolicy', () => {
  const as = (name: string) =>
    mockCredentials.user.header(`user:default/${name}`);

  async function start() {
    return startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleCellportPolicy,
        cellsPlugin,
        catalogServiceMock.factory({ entities }),
        httpAuthWithActorsFactory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            cellport: { platformAdminGroup: 'group:default/platform-admins' },
          },
        }),
      ],
    });
  }

  it('drives a plugin through the permission backend: roles, groups, admins, 404 for non-members', async () => {
    const backend = await start();
    const server = backend.server;
    try {
      await request(server)
        .post('/api/cells/apps')
        .set('authorization', as('alice'))
        .send({ name: 'payments-api' })
        .expect(201);
      // bob becomes Reporter: he sees the app but may not deploy it
      await request(server)
        .post('/api/cells/apps/payments-api/members')
        .set('authorization', as('alice'))
        .send({ member: 'user:default/bob', role: 'reporter' })
        .expect(201);
      await request(server)
        .get('/api/cells/apps/payments-api/members')
        .set('authorization', as('bob'))
        .expect(200);
      const refused = await request(server)
        .post('/api/cells/apps/payments-api/deploy')
        .set('authorization', as('bob'))
        .expect(403);
      expect(refused.body.error.message).toMatch(/needs the Master role/);
      // carol is no member: the app does not exist for her
      await request(server)
        .post('/api/cells/apps/payments-api/deploy')
        .set('authorization', as('carol'))
        .expect(404);
      await request(server)
        .get('/api/cells/apps')
        .set('authorization', as('carol'))
        .expect(200, { items: [] });
      // storefront-team as Master: carol may deploy through her group
      await request(server)
        .post('/api/cells/apps/payments-api/members')
        .set('authorization', as('alice'))
        .send({ member: 'group:default/storefront-team', role: 'master' })
        .expect(201);
      await request(server)
        .post('/api/cells/apps/payments-api/deploy')
        .set('authorization', as('carol'))
        .expect(200);
      // erin is a platform admin
      await request(server)
        .post('/api/cells/apps/payments-api/deploy')
        .set('authorization', as('erin'))
        .expect(200);
      await request(server)
        .get('/api/cells/apps')
        .set('authorization', as('erin'))
        .expect(200, { items: ['payments-api'] });
    } finally {
      await backend.stop();
    }
  });

  it('answers resource permission checks by reference through the plugin (the frontend path)', async () => {
    const backend = await start();
    const server = backend.server;
    try {
      await request(server)
        .post('/api/cells/apps')
        .set('authorization', as('alice'))
        .send({ name: 'ledger' })
        .expect(201);
      await request(server)
        .post('/api/cells/apps/ledger/members')
        .set('authorization', as('alice'))
        .send({ member: 'user:default/bob', role: 'reporter' })
        .expect(201);
      const ask = (name: string, permission: object) =>
        request(server)
          .post('/api/permission/authorize')
          .set('authorization', as(name))
          .send({
            items: [{ id: '1', permission, resourceRef: 'app:ledger' }],
          })
          .expect(200)
          .then(res => res.body.items[0].result);
      expect(await ask('bob', appPermissions.read)).toBe(AuthorizeResult.ALLOW);
      expect(await ask('bob', appPermissions.membersManage)).toBe(
        AuthorizeResult.DENY,
      );
      expect(await ask('alice', appPermissions.membersManage)).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(await ask('carol', appPermissions.read)).toBe(
        AuthorizeResult.DENY,
      );
      const metadata = await request(server)
        .get('/api/cells/.well-known/backstage/permissions/metadata')
        .expect(200);
      expect(
        metadata.body.rules.map((r: { name: string }) => r.name).sort(),
      ).toEqual(['HAS_ROLE', 'IS_PUBLIC']);
    } finally {
      await backend.stop();
    }
  });
});
