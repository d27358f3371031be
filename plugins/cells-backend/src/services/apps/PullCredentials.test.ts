import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { inMemorySqlite } from '@cellport/test-utils';
import { applyAppMigrations } from '../../database/migrations';
import { RegistryPullCredentials } from './PullCredentials';
import { KnexPullRobotStore, PullRobotStore } from './PullRobotStore';

type Robot = {
  name: string;
  group: string;
  username: string;
  scopes: Array<{ repository: string; actions: string[] }>;
  createdBy: string;
  createdAt: string;
  secret: string;
};

type Call = { method: string; path: string; auth?: string; body?: any };

/** A stand-in for the registry plugin's robots API under /api/registry. */
class FakeRegistryApi {
  readonly calls: Call[] = [];
  readonly robots = new Map<string, Robot>();
  groups = new Set(['team']);
  unavailable = false;
  serial = 0;
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', chunk => {
        raw += chunk;
      });
      req.on('end', () => this.handle(req, raw, res));
    });
    await new Promise<void>(r => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    await new Promise(r => this.server?.close(r));
  }

  calledPaths() {
    return this.calls.map(c => `${c.method} ${c.path}`);
  }

  private handle(
    req: http.IncomingMessage,
    raw: string,
    res: http.ServerResponse,
  ) {
    const body = raw ? JSON.parse(raw) : undefined;
    const path = req.url ?? '';
    this.calls.push({
      method: req.method!,
      path,
      auth: req.headers.authorization,
      body,
    });
    const send = (status: number, value?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    const error = (status: number, message: string) =>
      send(status, { error: { name: 'Error', message } });
    if (this.unavailable) {
      error(503, 'The registry plugin is not configured');
      return;
    }
    const m = /^\/api\/registry\/groups\/([^/]+)\/robots(?:\/([^/]+))?$/.exec(
      path,
    );
    if (!m || !this.groups.has(m[1])) {
      error(404, 'not found');
      return;
    }
    const [, group, name] = m;
    const key = (n: string) => `${group}/${n}`;
    if (req.method === 'GET' && !name) {
      send(200, {
        items: [...this.robots.values()]
          .filter(r => r.group === group)
          .map(({ secret, ...r }) => r),
      });
    } else if (req.method === 'POST' && !name) {
      if (this.robots.has(key(body.name))) {
        error(409, 'exists');
      } else if (body.onBehalfOf === 'user:default/carol') {
        error(403, `user:default/carol may not pull from '${group}/api'`);
      } else {
        this.serial += 1;
        const robot: Robot = {
          name: body.name,
          group,
          username: `robot$${group}+${body.name}`,
          scopes: body.scopes,
          createdBy: 'plugin:cells',
          createdAt: new Date(
            Date.UTC(2025, 0, 1, 0, 0, this.serial),
          ).toISOString(),
          secret: `cprb_secret${this.serial}`,
        };
        this.robots.set(key(body.name), robot);
        send(201, robot);
      }
    } else if (req.method === 'DELETE' && name) {
      if (this.robots.delete(key(name))) {
        res.writeHead(204).end();
      } else {
        error(404, 'no robot');
      }
    } else {
      error(405, 'method');
    }
  }
}

const alice = mockCredentials.user('user:default/alice');

describe('RegistryPullCredentials', () => {
  const registry = new FakeRegistryApi();
  let baseUrl: string;
  let host: string;

  beforeAll(async () => {
    baseUrl = await registry.start();
    host = new URL(baseUrl).host;
  });
  afterAll(() => registry.stop());
  beforeEach(() => {
    registry.calls.length = 0;
    registry.robots.clear();
    registry.serial = 0;
    registry.unavailable = false;
  });

  function provider(
    options: {
      registry?: Record<string, string>;
      base?: string;
      robots?: PullRobotStore;
    } = {},
  ) {
    const logger = mockServices.logger.mock();
    const pulls = RegistryPullCredentials.create({
      discovery: {
        getBaseUrl: async id => `${options.base ?? baseUrl}/api/${id}`,
        getExternalBaseUrl: async id => `${options.base ?? baseUrl}/api/${id}`,
      },
      auth: mockServices.auth({ pluginId: 'cells' }),
      config: mockServices.rootConfig({
        data: { registry: options.registry ?? { url: baseUrl } },
      }),
      logger,
      timeoutMs: 5_000,
      robots: options.robots,
    });
    return { pulls, logger };
  }

  const decode = (dockerConfigJson: string) => JSON.parse(dockerConfigJson);

  it('makes a pull-only robot for the user as the cells plugin and builds the docker config', async () => {
    const { pulls } = provider();
    const result = await pulls.forApp({
      app: 'shop',
      imageRepository: 'team/api',
      credentials: alice,
    });
    expect(registry.calledPaths()).toEqual([
      'GET /api/registry/groups/team/robots',
      'POST /api/registry/groups/team/robots',
    ]);
    for (const call of registry.calls) {
      expect(call.auth).toMatch(/^Bearer mock-service-token:/);
      expect(
        JSON.parse(call.auth!.slice('Bearer mock-service-token:'.length)),
      ).toEqual({ sub: 'plugin:cells', target: 'registry' });
    }
    expect(registry.calls[1].body).toEqual({
      name: 'cells-shop',
      scopes: [{ repository: 'api', actions: ['pull'] }],
      onBehalfOf: 'user:default/alice',
    });
    const auth = Buffer.from('robot$team+cells-shop:cprb_secret1').toString(
      'base64',
    );
    expect(decode(result!.dockerConfigJson)).toEqual({
      auths: {
        [host]: {
          username: 'robot$team+cells-shop',
          password: 'cprb_secret1',
          auth,
        },
      },
    });
  });

  it('reuses a robot whose secret it knows, and makes again one it does not', async () => {
    const { pulls } = provider();
    const request = {
      app: 'shop',
      imageRepository: 'team/api',
      credentials: alice,
    };
    const first = await pulls.forApp(request);
    registry.calls.length = 0;
    const again = await pulls.forApp(request);
    expect(again).toEqual(first);
    expect(registry.calledPaths()).toEqual([
      'GET /api/registry/groups/team/robots',
    ]);

    // another replica (or a restart) does not know the secret: delete, create
    registry.calls.length = 0;
    const other = await provider().pulls.forApp(request);
    expect(registry.calledPaths()).toEqual([
      'GET /api/registry/groups/team/robots',
      'DELETE /api/registry/groups/team/robots/cells-shop',
      'POST /api/registry/groups/team/robots',
    ]);
    expect(decode(other!.dockerConfigJson).auths[host].password).toBe(
      'cprb_secret2',
    );

    // the first one's robot was replaced behind its back: it notices by the creation time
    registry.calls.length = 0;
    const renewed = await pulls.forApp(request);
    expect(registry.calledPaths()).toHaveLength(3);
    expect(decode(renewed!.dockerConfigJson).auths[host].password).toBe(
      'cprb_secret3',
    );

    // another repository of the group: the robot is made again with the new scope
    registry.calls.length = 0;
    await pulls.forApp({ ...request, imageRepository: 'team/web' });
    expect(registry.calls[2].body.scopes).toEqual([
      { repository: 'web', actions: ['pull'] },
    ]);
    expect(registry.robots.get('team/cells-shop')!.scopes).toEqual([
      { repository: 'web', actions: ['pull'] },
    ]);
  });

  it("replicas sharing the database reuse each other's robots instead of replacing them", async () => {
    const knex = inMemorySqlite();
    await applyAppMigrations(knex);
    const request = { app: 'shop', imageRepository: 'team/api', credentials: alice };
    const [one, two] = [provider({ robots: new KnexPullRobotStore(knex) }), provider({ robots: new KnexPullRobotStore(knex) })];
    const first = await one.pulls.forApp(request);
    registry.calls.length = 0;
    // the other replica finds the robot and its secret in the database: no delete, no new robot
    expect(await two.pulls.forApp(request)).toEqual(first);
    expect(registry.calledPaths()).toEqual(['GET /api/registry/groups/team/robots']);
    registry.calls.length = 0;
    expect(await one.pulls.forApp(request)).toEqual(first);
    expect(registry.calledPaths()).toEqual(['GET /api/registry/groups/team/robots']);
    // a revoke by one is seen by the other
    await two.pulls.revoke({ app: 'shop', imageRepository: 'team/api' });
    expect(await new KnexPullRobotStore(knex).get('team/cells-shop')).toBeUndefined();
    await knex.destroy();
  });

  it('asks for no user when a service acts, and uses registry.host when set', async () => {
    const { pulls } = provider({
      registry: { url: baseUrl, host: '127.0.0.1:5000' },
    });
    const result = await pulls.forApp({
      app: 'shop',
      imageRepository: 'team/api',
      credentials: mockCredentials.service('plugin:releases'),
    });
    expect(registry.calls[1].body.onBehalfOf).toBeUndefined();
    expect(Object.keys(decode(result!.dockerConfigJson).auths)).toEqual([
      '127.0.0.1:5000',
    ]);
  });

  it('refuses with NotAllowedError when the user may not pull', async () => {
    const { pulls } = provider();
    await expect(
      pulls.forApp({
        app: 'shop',
        imageRepository: 'team/api',
        credentials: mockCredentials.user('user:default/carol'),
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/carol may not pull/),
    });
  });

  it('answers undefined and warns when there is no registry to ask', async () => {
    const request = {
      app: 'shop',
      imageRepository: 'team/api',
      credentials: alice,
    };
    // an unknown group
    let t = provider();
    expect(
      await t.pulls.forApp({ ...request, imageRepository: 'nowhere/api' }),
    ).toBeUndefined();
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/No image pull secret/),
      expect.objectContaining({ app: 'shop', error: expect.any(String) }),
    );
    // the registry plugin is not configured
    registry.unavailable = true;
    t = provider();
    expect(await t.pulls.forApp(request)).toBeUndefined();
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        error: expect.stringMatching(/not configured/),
      }),
    );
    registry.unavailable = false;
    // nothing listens where the registry plugin should be
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
    t = provider({ base: `http://127.0.0.1:${port}` });
    expect(await t.pulls.forApp(request)).toBeUndefined();
    expect(t.logger.warn).toHaveBeenCalledTimes(1);
    // no registry in this portal, or not a group/name repository: nothing is asked
    registry.calls.length = 0;
    t = provider({ registry: {} });
    expect(await t.pulls.forApp(request)).toBeUndefined();
    expect(
      await provider().pulls.forApp({ ...request, imageRepository: 'api' }),
    ).toBeUndefined();
    expect(registry.calls).toEqual([]);
  });

  it('revokes the robot of an app, quietly when it is gone', async () => {
    const { pulls, logger } = provider();
    await pulls.forApp({
      app: 'shop',
      imageRepository: 'team/api',
      credentials: alice,
    });
    await pulls.revoke({ app: 'shop', imageRepository: 'team/api' });
    expect(registry.robots.size).toBe(0);
    await pulls.revoke({ app: 'shop', imageRepository: 'team/api' });
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
