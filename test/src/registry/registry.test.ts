/*
 * The registry plugin against the REAL Docker registry (distribution 2.8, started by
 * scripts/infra.sh with a temporary state folder and free ports) and the REAL skopeo client.
 * The registry backend's router runs in-process on a fixed free port that the registry's token
 * realm and notification endpoint point at. When CI is set a missing registry or skopeo fails.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AccessService,
  CatalogClaimsResolver,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
import {
  createPolicyPermissions,
  createRegistryServices,
  createRouter,
} from '@cellport/plugin-registry-backend';
import { writeOciLayout } from '../lib/oci';

const execFileP = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const INFRA = path.join(ROOT, 'scripts/infra.sh');

jest.setTimeout(240_000);

function hasCommand(cmd: string): boolean {
  return (process.env.PATH ?? '')
    .split(':')
    .concat(['/usr/sbin', '/sbin'])
    .some(d => {
      try {
        fs.accessSync(path.join(d, cmd), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

const missing = ['docker-registry', 'skopeo', 'openssl'].filter(
  c => !hasCommand(c),
);
const describeRegistry =
  missing.length && !process.env.CI ? describe.skip : describe;
if (missing.length && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(`registry test skipped: missing ${missing.join(', ')}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describeRegistry('registry plugin with the real registry and skopeo', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let registryHost: string;
  let backendUrl: string;
  let server: http.Server | undefined;
  let knex: Knex | undefined;
  let oci: string;
  const pats: Record<string, string> = {};
  const patIds: Record<string, string> = {};

  const api = async (
    user: string,
    method: string,
    p: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${backendUrl}/api/registry${p}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(`user:default/${user}`),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const skopeo = async (...args: string[]) => {
    try {
      const r = await execFileP('skopeo', args, { timeout: 60_000 });
      return { ok: true, out: r.stdout, err: r.stderr };
    } catch (e: any) {
      return { ok: false, out: e.stdout ?? '', err: String(e.stderr ?? e.message) };
    }
  };
  const creds = (user: string) => `${user}:${pats[user]}`;
  const push = (user: string, tag: string, ref: string) =>
    skopeo('copy', '--dest-tls-verify=false', '--dest-creds', creds(user), `oci:${oci}:${tag}`, `docker://${registryHost}/${ref}`);
  const inspect = (user: string | undefined, ref: string) =>
    skopeo('inspect', '--tls-verify=false', ...(user ? ['--creds', creds(user)] : ['--no-creds']), `docker://${registryHost}/${ref}`);

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-registry-'));
    const backendPort = await freePort();
    const registryPort = await freePort();
    backendUrl = `http://127.0.0.1:${backendPort}`;
    registryHost = `127.0.0.1:${registryPort}`;
    env = {
      ...process.env,
      CELLPORT_STATE_DIR: stateDir,
      CELLPORT_REGISTRY_PORT: String(registryPort),
      CELLPORT_BACKEND_URL: backendUrl,
    };
    await execFileP('bash', [INFRA, 'start', 'registry'], { env, timeout: 180_000 });
    const dir = path.join(stateDir, 'infra/registry');
    knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    const logger = mockServices.logger.mock();
    // members and roles through the access library, decided by the Cellport policy in process
    const catalog = catalogServiceMock({
      entities: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map(name => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name, namespace: 'default' },
        spec: {},
      })),
    });
    const auth = mockServices.auth();
    const accessService = await AccessService.create({
      database: mockServices.database({ knex }),
      catalog,
      auth,
      permissions: createPolicyPermissions({
        policy: CellportAccessPolicy.create({
          claimsResolver: CatalogClaimsResolver.create({ catalog, auth, logger }),
        }),
      }),
      auditor: mockServices.auditor.mock(),
      logger,
      kinds: ['image-group', 'image-repository'],
    });
    const services = await createRegistryServices({
      config: new ConfigReader({
        registry: {
          url: `http://${registryHost}`,
          tokenKeyFile: path.join(dir, 'certs/token.key'),
          tokenCertFile: path.join(dir, 'certs/token.crt'),
          webhookSecretFile: path.join(dir, 'webhook.secret'),
        },
      }),
      knex,
      logger,
      access: accessService,
      auth,
    });
    const router = await createRouter({ ...services, accessService, httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }), logger });
    const app = express();
    app.use('/api/registry', router);
    app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger }).error());
    server = await new Promise<http.Server>(resolve => {
      const s = app.listen(backendPort, '127.0.0.1', () => resolve(s));
    });

    // alice owns team (private) and pub (public); bob Reporter, dave Developer, erin Master, carol nobody
    const setup = async (user: string, method: string, route: string, body: unknown) => {
      const r = await api(user, method, route, body);
      if (r.status !== 201) {
        throw new Error(`setup: ${method} ${route} as ${user} answered ${r.status}: ${JSON.stringify(r.body)}`);
      }
      return r;
    };
    await setup('alice', 'POST', '/groups', { name: 'team' });
    await setup('alice', 'POST', '/groups', { name: 'pub', visibility: 'public' });
    await setup('alice', 'POST', '/groups/team/repositories', { name: 'app' });
    for (const [member, role] of [['bob', 'reporter'], ['dave', 'developer'], ['erin', 'master'], ['frank', 'guest']]) {
      await setup('alice', 'POST', '/groups/team/members', { member: `user:default/${member}`, role });
    }
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      const r = await setup(u, 'POST', '/tokens', { name: 'test', expiresInDays: 1 });
      pats[u] = r.body.token;
      patIds[u] = r.body.id;
    }
    oci = path.join(stateDir, 'oci');
    writeOciLayout(oci, ['v1', 'v2', 'v3']);
  });

  afterAll(async () => {
    await new Promise(r => (server ? server.close(r) : r(undefined)));
    await knex?.destroy();
    if (env) {
      await execFileP('bash', [INFRA, 'stop', 'registry'], { env }).catch(() => undefined);
    }
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('the Owner and a Developer push; a Reporter pulls but cannot push', async () => {
    const a = await push('alice', 'v1', 'team/app:v1');
    expect(a.err).not.toMatch(/denied|unauthorized/i);
    expect(a.ok).toBe(true);
    expect((await push('dave', 'v2', 'team/app:v2')).ok).toBe(true);
    const pulled = await inspect('bob', 'team/app:v1');
    expect(pulled.ok).toBe(true);
    expect(JSON.parse(pulled.out).Digest).toMatch(/^sha256:/);
    const denied = await push('bob', 'v3', 'team/app:v3');
    expect(denied.ok).toBe(false);
    expect(denied.err).toMatch(/denied|unauthorized/i);
  });

  it('a Guest, a non-member and anonymous cannot pull a private image; anyone pulls a public one', async () => {
    expect((await inspect('frank', 'team/app:v1')).ok).toBe(false);
    expect((await inspect('carol', 'team/app:v1')).ok).toBe(false);
    expect((await inspect(undefined, 'team/app:v1')).ok).toBe(false);
    expect((await push('alice', 'v1', 'pub/site:latest')).ok).toBe(true);
    expect((await inspect(undefined, 'pub/site:latest')).ok).toBe(true);
    expect((await inspect('carol', 'pub/site:latest')).ok).toBe(true);
    // carol may pull it but not push to it
    expect((await push('carol', 'v3', 'pub/site:evil')).ok).toBe(false);
  });

  it('wrong credentials are refused by the token endpoint', async () => {
    const r = await skopeo('inspect', '--tls-verify=false', '--creds', 'alice:cpat_wrong', `docker://${registryHost}/team/app:v1`);
    expect(r.ok).toBe(false);
    expect(r.err).toMatch(/401|unauthorized|invalid username\/password/i);
  });

  it('lists tags with digest, size, created, pushed-at and pusher (from the webhook)', async () => {
    let tags: any[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await api('bob', 'GET', '/repositories/team/app/tags');
      expect(r.status).toBe(200);
      tags = r.body.items;
      if (tags.length === 2 && tags.every(t => t.pusher)) break;
      await sleep(200);
    }
    expect(tags.map(t => t.tag)).toEqual(['v1', 'v2']);
    expect(tags[0]).toMatchObject({ digest: expect.stringMatching(/^sha256:/), size: expect.any(Number), created: expect.any(String), pusher: 'alice', pushedAt: expect.any(String) });
    expect(tags[1].pusher).toBe('dave');
    const activity = await api('alice', 'GET', '/repositories/team/app/activity');
    const pushes = activity.body.items.filter((a: any) => a.action === 'image-pushed');
    expect(pushes.map((a: any) => [a.actor, a.details.tag]).sort()).toEqual([['alice', 'v1'], ['dave', 'v2']]);
    // the public repository was created in Cellport by the push itself
    expect((await api('carol', 'GET', '/repositories/pub/site')).status).toBe(200);
  });

  it('a Master deletes a tag, a Developer cannot', async () => {
    expect((await api('dave', 'DELETE', '/repositories/team/app/tags/v2')).status).toBe(403);
    expect((await skopeo('delete', '--tls-verify=false', '--creds', creds('dave'), `docker://${registryHost}/team/app:v2`)).ok).toBe(false);
    const del = await api('erin', 'DELETE', '/repositories/team/app/tags/v2');
    expect(del.status).toBe(200);
    expect(del.body.digest).toMatch(/^sha256:/);
    expect((await inspect('alice', 'team/app:v2')).ok).toBe(false);
    // and with skopeo directly, by a Master
    expect((await push('alice', 'v3', 'team/app:v3')).ok).toBe(true);
    expect((await skopeo('delete', '--tls-verify=false', '--creds', creds('erin'), `docker://${registryHost}/team/app:v3`)).ok).toBe(true);
    const tags = await api('alice', 'GET', '/repositories/team/app/tags');
    expect(tags.body.items.map((t: any) => t.tag)).toEqual(['v1']);
  });

  it('a revoked token stops working at once; a removed member loses access', async () => {
    expect((await inspect('bob', 'team/app:v1')).ok).toBe(true);
    expect((await api('bob', 'DELETE', `/tokens/${patIds.bob}`)).status).toBe(204);
    expect((await inspect('bob', 'team/app:v1')).ok).toBe(false);
    expect((await api('alice', 'DELETE', `/groups/team/members/${encodeURIComponent('user:default/dave')}`)).status).toBe(204);
    expect((await push('dave', 'v2', 'team/app:v4')).ok).toBe(false);
    expect((await inspect('dave', 'team/app:v1')).ok).toBe(false);
  });

  it('a robot account pushes with its explicit scopes only', async () => {
    const robot = await api('alice', 'POST', '/groups/team/robots', { name: 'builder', scopes: [{ repository: 'app', actions: ['pull', 'push'] }] });
    expect(robot.status).toBe(201);
    const r = await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${robot.body.username}:${robot.body.secret}`, `oci:${oci}:v2`, `docker://${registryHost}/team/app:robot`);
    expect(r.ok).toBe(true);
    const other = await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${robot.body.username}:${robot.body.secret}`, `oci:${oci}:v2`, `docker://${registryHost}/team/other:robot`);
    expect(other.ok).toBe(false);
  });

  // last: it stops the registry
  it('a registry outage degrades only the registry calls, with a clear message', async () => {
    await execFileP('bash', [INFRA, 'stop', 'registry'], { env });
    const tags = await api('alice', 'GET', '/repositories/team/app/tags');
    expect(tags.status).toBe(503);
    expect(tags.body.error.message).toMatch(/registry .*unreachable/);
    // what lives in the portal's own database still answers
    const groups = await api('alice', 'GET', '/groups');
    expect(groups.status).toBe(200);
    expect(groups.body.items.map((g: any) => g.name)).toContain('team');
  });
});
