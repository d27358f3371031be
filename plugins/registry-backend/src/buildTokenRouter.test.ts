import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { createTestApp } from './__testUtils__/testing';
import { createBuildTokenRouter } from './buildTokenRouter';

describe('build token router', () => {
  it('mints pull and push on one existing repository for the builds plugin only', async () => {
    const t = await createTestApp();
    const alice = mockCredentials.user.header('user:default/alice');
    await request(t.app)
      .post('/groups')
      .set('authorization', alice)
      .send({ name: 'team' })
      .expect(201);
    await request(t.app)
      .post('/groups/team/repositories')
      .set('authorization', alice)
      .send({ name: 'app' })
      .expect(201);
    const app = express();
    app.use(
      createBuildTokenRouter({
        store: t.store,
        issuer: t.issuer,
        httpAuth: mockServices.httpAuth({ pluginId: 'registry' }),
      }),
    );
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const builds = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('plugin:builds'),
      targetPluginId: 'registry',
    });
    const cells = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('plugin:cells'),
      targetPluginId: 'registry',
    });

    const res = await request(app)
      .post('/build-tokens')
      .set('authorization', builds)
      .send({ repository: 'team/app', build: 'api-3' })
      .expect(200);
    expect(decodeJwt(res.body.token)).toMatchObject({
      sub: 'robot$builds+api-3',
      access: [
        { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
      ],
    });
    await request(app)
      .post('/build-tokens')
      .set('authorization', cells)
      .send({ repository: 'team/app', build: 'x' })
      .expect(403);
    await request(app)
      .post('/build-tokens')
      .set('authorization', alice)
      .send({ repository: 'team/app', build: 'x' })
      .expect(403);
    await request(app)
      .post('/build-tokens')
      .set('authorization', builds)
      .send({ repository: 'team/none', build: 'x' })
      .expect(404);
    await request(app)
      .post('/build-tokens')
      .set('authorization', builds)
      .send({ repository: 'Team/App', build: 'x' })
      .expect(400);
  });
});
