import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
// an integration test of both plugins in one backend: the registry plugin is a dev dependency only
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import registryPlugin from '@cellport/plugin-registry-backend';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogUser } from './__testUtils__/catalogUsers';
import { policyPermissionsFactory } from './__testUtils__/policyPermissions';
import { cellsPlugin } from './plugin';

jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';


/** The payload of a JWT, unverified (the registry plugin's own tests verify signatures). */
const jwtPayload = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

/**
 * The registry plugin and the cells plugin in one backend against simulated cells: an app with
 * an image repository gets a pull secret whose robot credentials the registry's token endpoint
 * accepts for pulling exactly that repository.
 */
describe('image pull secrets from the registry plugin', () => {
  let sim: Simulator;
  let dir: string;
  let server: Server;
  let registryUrl: string;
  const clients: Record<string, { core: CoreV1Api; apps: AppsV1Api }> = {};
  const as = (who: string) => mockCredentials.user.header(who);
  const api = () => request(server);

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [
        { name: 'dev-1', region: 'dev', port: 0 },
        { name: 'dev-2', region: 'dev', port: 0 },
      ],
      adminPort: 0,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cells-pull-'));
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    fs.writeFileSync(
      path.join(dir, 'token.key'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    fs.writeFileSync(
      path.join(dir, 'token.crt'),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
    for (const c of sim.cells) {
      const kc = new KubeConfig();
      kc.loadFromString(c.kubeconfig);
      clients[c.name] = {
        core: kc.makeApiClient(CoreV1Api),
        apps: kc.makeApiClient(AppsV1Api),
      };
    }
    // the registry itself is never called here: robots and tokens are the plugin's
    registryUrl = 'http://127.0.0.1:1';
    ({ server } = await startTestBackend({
      features: [
        cellsPlugin,
        registryPlugin,
        catalogServiceMock.factory({
          entities: [catalogUser('alice'), catalogUser('bob')],
        }),
        policyPermissionsFactory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            registry: {
              url: registryUrl,
              tokenKeyFile: path.join(dir, 'token.key'),
              tokenCertFile: path.join(dir, 'token.crt'),
            },
            cellport: {
              cells: {
                requestTimeoutSeconds: 5,
                regions: [
                  {
                    name: 'dev',
                    cells: ['dev-1', 'dev-2'].map(name => ({
                      name,
                      kubeconfigFile: sim
                        .cell(name)
                        .writeKubeconfig(path.join(dir, `${name}.kubeconfig`)),
                      simulated: true,
                    })),
                  },
                ],
              },
            },
          },
        }),
      ],
    }));
    // alice owns the image group `team` and its repository `api`
    await api()
      .post('/api/registry/groups')
      .set('Authorization', as(ALICE))
      .send({ name: 'team' })
      .expect(201);
    await api()
      .post('/api/registry/groups/team/repositories')
      .set('Authorization', as(ALICE))
      .send({ name: 'api' })
      .expect(201);
  });

  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const pullSecret = (cell: string, app: string) =>
    clients[cell].core.readNamespacedSecret({
      name: `${app}-pull`,
      namespace: app,
    });

  /** The robot credentials of an app's pull secret in a cell. */
  async function robotOf(cell: string, app: string) {
    const secret = await pullSecret(cell, app);
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(
      Buffer.from(secret.data!['.dockerconfigjson'], 'base64').toString('utf8'),
    );
    const host = new URL(registryUrl).host;
    expect(Object.keys(config.auths)).toEqual([host]);
    const { username, password, auth } = config.auths[host];
    expect(Buffer.from(auth, 'base64').toString('utf8')).toBe(
      `${username}:${password}`,
    );
    return { username, password };
  }

  const registryToken = (
    credentials: { username: string; password: string },
    ...scopes: string[]
  ) =>
    api()
      .get('/api/registry/token')
      .query({ service: 'cellport-registry', scope: scopes })
      .auth(credentials.username, credentials.password);

  it('gives an app a pull secret in each cell that the registry accepts for pulling its repository', async () => {
    await api()
      .post('/api/cells/apps')
      .set('Authorization', as(ALICE))
      .send({
        name: 'shop',
        cells: ['dev-1', 'dev-2'],
        imageRepository: 'team/api',
      })
      .expect(201);
    const robot = await robotOf('dev-1', 'shop');
    expect(robot.username).toBe('robot$team+cells-shop');
    expect(await robotOf('dev-2', 'shop')).toEqual(robot);

    const token = await registryToken(
      robot,
      'repository:team/api:pull,push',
      'repository:team/other:pull',
    ).expect(200);
    expect(jwtPayload(token.body.token)).toMatchObject({
      sub: 'robot$team+cells-shop',
      access: [
        { type: 'repository', name: 'team/api', actions: ['pull'] },
        { type: 'repository', name: 'team/other', actions: [] },
      ],
    });
    await registryToken(
      { ...robot, password: 'wrong' },
      'repository:team/api:pull',
    ).expect(401);

    // the group's owner sees the robot, made by the cells plugin
    const robots = await api()
      .get('/api/registry/groups/team/robots')
      .set('Authorization', as(ALICE))
      .expect(200);
    expect(robots.body.items).toEqual([
      expect.objectContaining({
        name: 'cells-shop',
        createdBy: 'plugin:cells',
        scopes: [{ repository: 'api', actions: ['pull'] }],
      }),
    ]);

    // Deployments of the app's versions reference the secret
    await api()
      .post('/api/cells/apps/shop/versions')
      .set('Authorization', as(ALICE))
      .send({
        name: 'v1',
        spec: {
          image: `${new URL(registryUrl).host}/team/api:1`,
          replicas: { 'dev-1': 1 },
        },
      })
      .expect(201);
    const deployment = await clients['dev-1'].apps.readNamespacedDeployment({
      name: 'shop-v1',
      namespace: 'shop',
    });
    expect(deployment.spec?.template.spec?.imagePullSecrets).toEqual([
      { name: 'shop-pull' },
    ]);
  });

  it('renews the secret in every cell when the image repository changes, and drops the robot with the app', async () => {
    await api()
      .post('/api/registry/groups/team/repositories')
      .set('Authorization', as(ALICE))
      .send({ name: 'web' })
      .expect(201);
    const before = await robotOf('dev-1', 'shop');
    await api()
      .patch('/api/cells/apps/shop')
      .set('Authorization', as(ALICE))
      .send({ imageRepository: 'team/web' })
      .expect(200);
    const after = await robotOf('dev-1', 'shop');
    expect(await robotOf('dev-2', 'shop')).toEqual(after);
    const token = await registryToken(
      after,
      'repository:team/web:pull',
      'repository:team/api:pull',
    ).expect(200);
    expect(jwtPayload(token.body.token).access).toEqual([
      { type: 'repository', name: 'team/web', actions: ['pull'] },
      { type: 'repository', name: 'team/api', actions: [] },
    ]);
    // the former secret is dead
    await registryToken(before, 'repository:team/api:pull').expect(401);

    await api()
      .delete('/api/cells/apps/shop')
      .set('Authorization', as(ALICE))
      .expect(204);
    await registryToken(after, 'repository:team/web:pull').expect(401);
    const robots = await api()
      .get('/api/registry/groups/team/robots')
      .set('Authorization', as(ALICE))
      .expect(200);
    expect(robots.body.items).toEqual([]);
  });

  it('answers a repository the user may not see exactly like one that does not exist, creating nothing', async () => {
    const hidden = await api()
      .post('/api/cells/apps')
      .set('Authorization', as(BOB))
      .send({ name: 'bobs', cells: ['dev-1'], imageRepository: 'team/api' })
      .expect(400);
    const missing = await api()
      .post('/api/cells/apps')
      .set('Authorization', as(BOB))
      .send({ name: 'bobs', cells: ['dev-1'], imageRepository: 'nowhere/api' })
      .expect(400);
    expect(hidden.body.error.message.replace('team/api', 'X')).toBe(
      missing.body.error.message.replace('nowhere/api', 'X'),
    );
    expect(
      (await clients['dev-1'].core.listNamespace()).items.map(
        n => n.metadata!.name,
      ),
    ).not.toContain('bobs');
  });
});
