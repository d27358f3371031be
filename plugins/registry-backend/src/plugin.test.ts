import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { registryTokenPolicyExtensionPoint } from '@cellport/plugin-registry-node';
import { decodeJwt } from 'jose';
import { registryPlugin } from './plugin';
import { testKeyPair } from './__testUtils__/testing';

jest.setTimeout(60_000);

describe('registryPlugin', () => {
  it('opens the token endpoint and the webhook only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-plugin-'));
    const keys = testKeyPair();
    fs.writeFileSync(path.join(dir, 'token.key'), keys.keyPem);
    fs.writeFileSync(path.join(dir, 'token.crt'), keys.certPem);
    fs.writeFileSync(path.join(dir, 'webhook.secret'), 'secret\n');
    const { server } = await startTestBackend({
      features: [
        registryPlugin,
        catalogServiceMock.factory(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            registry: {
              url: 'http://127.0.0.1:1',
              tokenKeyFile: path.join(dir, 'token.key'),
              tokenCertFile: path.join(dir, 'token.crt'),
              webhookSecretFile: path.join(dir, 'webhook.secret'),
            },
          },
        }),
      ],
    });
    const token = await request(server)
      .get('/api/registry/token')
      .query({ service: 'cellport-registry', scope: 'repository:a/b:pull' })
      .expect(200);
    expect(token.body.expires_in).toBe(60);
    await request(server)
      .post('/api/registry/webhooks/registry')
      .set('authorization', 'Bearer secret')
      .send({ events: [] })
      .expect(200);
    await request(server).get('/api/registry/groups').expect(401);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start when permission.enabled is false (every group would be open)', async () => {
    await expect(
      startTestBackend({
        features: [
          registryPlugin,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: false },
              registry: { url: 'http://127.0.0.1:1', tokenKeyFile: 'x', tokenCertFile: 'y' },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/The registry plugin needs the permission framework/);
  });

  it("decides docker pulls with the adopter's token policy when one is installed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-plugin-'));
    const keys = testKeyPair();
    fs.writeFileSync(path.join(dir, 'token.key'), keys.keyPem);
    fs.writeFileSync(path.join(dir, 'token.crt'), keys.certPem);
    const start = (modules: any[]) =>
      startTestBackend({
        features: [
          registryPlugin,
          ...modules,
          catalogServiceMock.factory({
            entities: [{ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'alice', namespace: 'default' }, spec: {} }],
          }),
          mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
          mockServices.rootConfig.factory({
            data: {
              registry: {
                url: 'http://127.0.0.1:1',
                tokenKeyFile: path.join(dir, 'token.key'),
                tokenCertFile: path.join(dir, 'token.crt'),
              },
            },
          }),
        ],
      });
    const pullOf = async (server: any) => {
      const alice = mockCredentials.user.header('user:default/alice');
      await request(server).post('/api/registry/groups').set('authorization', alice).send({ name: 'team' }).expect(201);
      await request(server).post('/api/registry/groups/team/repositories').set('authorization', alice).send({ name: 'app' }).expect(201);
      const pat = (await request(server).post('/api/registry/tokens').set('authorization', alice).send({ name: 'x' }).expect(201)).body.token;
      const res = await request(server)
        .get('/api/registry/token')
        .query({ service: 'cellport-registry', scope: 'repository:team/app:pull' })
        .auth('alice', pat)
        .expect(200);
      return decodeJwt(res.body.token).access;
    };
    // default: the Cellport policy (alice owns the repository)
    const plain = await start([]);
    expect(await pullOf(plain.server)).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    await plain.stop();
    // an adopter's policy that denies every pull is honoured by the token endpoint
    const asked: string[] = [];
    const denyPulls = createBackendModule({
      pluginId: 'registry',
      moduleId: 'deny-pulls',
      register(env) {
        env.registerInit({
          deps: { tokens: registryTokenPolicyExtensionPoint },
          async init({ tokens }) {
            tokens.setTokenPolicy({
              async handle(req) {
                asked.push(req.permission.name);
                return {
                  result: req.permission.name === 'cellport.image-repository.pull' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
                };
              },
            });
          },
        });
      },
    });
    const custom = await start([denyPulls]);
    expect(await pullOf(custom.server)).toEqual([{ type: 'repository', name: 'team/app', actions: [] }]);
    expect(asked).toContain('cellport.image-repository.pull');
    await custom.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 instead of stopping the backend when the key pair is missing', async () => {
    const { server } = await startTestBackend({
      features: [
        registryPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            registry: {
              url: 'http://127.0.0.1:1',
              tokenKeyFile: '/nonexistent/token.key',
              tokenCertFile: '/nonexistent/token.crt',
            },
          },
        }),
      ],
    });
    const res = await request(server).get('/api/registry/token').expect(503);
    expect(res.body.error.message).toMatch(/tokenKeyFile/);
  });
});
