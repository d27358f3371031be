/*
 * Scaffolder tasks under the Cellport policy (issue 18, item 7), with the REAL scaffolder
 * backend and permission backend: a task and its parameters are read (and cancelled) by its
 * creator and platform admins only, in the list and one by one.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { catalogUser } from '@cellport/test-utils';
import { httpAuthWithActorsFactory } from './__testUtils__/authWithActors';
import permissionModuleCellportPolicy from './index';

jest.setTimeout(120_000);

const user = catalogUser;

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform-admins',
    parameters: [
      {
        type: 'object',
        properties: { secretName: { type: 'string' } },
      },
    ],
    steps: [
      {
        id: 'log',
        name: 'Log',
        action: 'debug:log',
        input: { message: 'hello ${{ parameters.secretName }}' },
      },
    ],
  },
};

const as = (name: string) => mockCredentials.user.header(`user:default/${name}`);

describe('scaffolder tasks under the Cellport policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleCellportPolicy,
        scaffolderPlugin,
        httpAuthWithActorsFactory,
        catalogServiceMock.factory({
          entities: [
            user('alice'),
            user('bob'),
            user('erin', ['platform-admins']),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'platform-admins', namespace: 'default' },
              spec: { type: 'team', children: [] },
            },
            template,
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://127.0.0.1', database: { client: 'better-sqlite3', connection: ':memory:' } },
            permission: { enabled: true },
            cellport: { platformAdminGroup: 'group:default/platform-admins' },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it("lists and shows a task with its parameters to its creator and admins, nobody else", async () => {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', as('alice'))
      .send({
        templateRef: 'template:default/hello',
        values: { secretName: 'alice-private-value' },
      });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const listed = async (name: string) =>
      (
        await request(backend.server)
          .get('/api/scaffolder/v2/tasks')
          .set('authorization', as(name))
          .expect(200)
      ).body.tasks.map((t: { id: string }) => t.id);
    expect(await listed('alice')).toContain(id);
    expect(await listed('erin')).toContain(id);
    const bobSees = await request(backend.server)
      .get('/api/scaffolder/v2/tasks')
      .set('authorization', as('bob'))
      .expect(200);
    expect(bobSees.body.tasks).toEqual([]);
    expect(JSON.stringify(bobSees.body)).not.toContain('alice-private-value');

    const one = (name: string) =>
      request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('authorization', as(name));
    expect((await one('alice')).status).toBe(200);
    expect((await one('erin')).status).toBe(200);
    const bobOne = await one('bob');
    expect(bobOne.status).toBe(403);
    expect(JSON.stringify(bobOne.body)).not.toContain('alice-private-value');
    const cancel = await request(backend.server)
      .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
      .set('authorization', as('bob'));
    expect(cancel.status).toBe(403);
  });
});
