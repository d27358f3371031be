/**
 * Shared setup of the registry tests against the REAL Docker registry (distribution 2.8, started
 * by scripts/infra.sh with a temporary state folder and free ports) and the REAL skopeo client.
 * The registry backend's router runs in-process on a fixed free port that the registry's token
 * realm and notification endpoint point at. When CI is set a missing registry or skopeo fails.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AccessService,
  CatalogClaimsResolver,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
// The parts of the registry plugin the harness assembles by hand come from the plugin's sources:
// they are not its public API (which is the plugin), so the package does not export them.
/* eslint-disable @backstage/no-forbidden-package-imports */
import { createRouter } from '@cellport/plugin-registry-backend/src/router';
import { createRegistryServices } from '@cellport/plugin-registry-backend/src/services/createRegistryServices';
import { createPolicyPermissions } from '@cellport/plugin-registry-backend/src/services/RegistryAccess';
import { CatalogUserDirectory } from '@cellport/plugin-registry-backend/src/services/UserDirectory';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { writeOciLayout } from '../lib/oci';
import { freePort, hasCommand, inMemorySqlite } from '@cellport/test-utils';

const execFileP = promisify(execFile);
// test code, never built into a package: the repository root is three folders up
// eslint-disable-next-line no-restricted-syntax
const ROOT = path.resolve(__dirname, '../../..');
const INFRA = path.join(ROOT, 'scripts/infra.sh');

/** The catalog users of the registry tests. */
export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

const missing = ['docker-registry', 'skopeo', 'openssl'].filter(
  c => !hasCommand(c),
);

/** `describe`, or `describe.skip` outside CI when the registry or skopeo is missing. */
export const describeRegistry =
  missing.length && !process.env.CI ? describe.skip : describe;
if (missing.length && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(`registry test skipped: missing ${missing.join(', ')}`);
}

/** What a skopeo run answered. */
export interface SkopeoResult {
  ok: boolean;
  out: string;
  err: string;
}

/** A running registry with the registry plugin's router in front of it. */
export interface TestRegistry {
  registryHost: string;
  backendUrl: string;
  /** The OCI layout with tags `v1`, `v2`, `v3` (different content each). */
  oci: string;
  /** Personal access tokens by user name. */
  pats: Record<string, string>;
  patIds: Record<string, string>;
  /** A portal API call as a user (or as a plugin's service principal: `plugin:cells`). */
  api(
    as: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  skopeo(...args: string[]): Promise<SkopeoResult>;
  /** `user:pat` for skopeo `--creds`. */
  creds(user: string): string;
  push(user: string, tag: string, ref: string): Promise<SkopeoResult>;
  inspect(user: string | undefined, ref: string): Promise<SkopeoResult>;
  /** A registry token from the token endpoint for `basic` (`user:secret`, or anonymous). */
  token(basic: string | undefined, scope: string): Promise<string>;
  /** The registry's storage folder (`storage.filesystem.rootdirectory`). */
  storageDir: string;
  /** Runs the registry's garbage collection (`scripts/infra.sh registry-gc`). */
  gc(): Promise<void>;
  /**
   * Starts another backend replica (its own services and router) on the same database; answers
   * its base URL (`.../api/registry`). Stopped with the rest.
   */
  replica(): Promise<string>;
  /** Stops the registry (only). */
  stopRegistry(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the registry and the plugin's router; alice owns `team` (private, with repository
 * `app`) and `pub` (public); bob is a Reporter, dave a Developer, erin a Master and frank a Guest
 * of `team`; every user has a personal access token.
 */
export async function startTestRegistry(): Promise<TestRegistry> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-registry-'));
  const backendPort = await freePort();
  const registryPort = await freePort();
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const registryHost = `127.0.0.1:${registryPort}`;
  const env = {
    ...process.env,
    CELLPORT_STATE_DIR: stateDir,
    CELLPORT_REGISTRY_PORT: String(registryPort),
    CELLPORT_BACKEND_URL: backendUrl,
  };
  let server: http.Server | undefined;
  let serve: ((port: number) => Promise<http.Server>) | undefined;
  const replicas: http.Server[] = [];
  let knex: Knex | undefined;
  const stopRegistry = () =>
    execFileP('bash', [INFRA, 'stop', 'registry'], { env }).then(
      () => undefined,
      () => undefined,
    );
  const stop = async () => {
    for (const s of [...replicas, ...(server ? [server] : [])]) {
      await new Promise(r => s.close(r));
    }
    await knex?.destroy();
    await stopRegistry();
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await execFileP('bash', [INFRA, 'start', 'registry'], {
      env,
      timeout: 180_000,
    });
    const dir = path.join(stateDir, 'infra/registry');
    knex = inMemorySqlite();
    const db = knex;
    // one backend replica: its own access service, services and router on the shared database
    serve = async (port: number) => {
      const logger = mockServices.logger.mock();
      // members and roles through the access library, decided by the Cellport policy in process
      const catalog = catalogServiceMock({
        entities: USERS.map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name, namespace: 'default' },
          spec: {},
        })),
      });
      const auth = mockServices.auth();
      const accessService = await AccessService.create({
        database: mockServices.database({ knex: db }),
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
        knex: db,
        logger,
        access: accessService,
        auth,
      });
      const router = await createRouter({
        ...services,
        accessService,
        permissions: mockServices.permissions(),
        users: new CatalogUserDirectory({ catalog, auth }),
        httpAuth: mockServices.httpAuth({
          pluginId: 'registry',
          defaultCredentials: mockCredentials.none(),
        }),
        logger,
      });
      const app = express();
      app.use('/api/registry', router);
      app.use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger,
        }).error(),
      );
      return new Promise<http.Server>(resolve => {
        const s = app.listen(port, '127.0.0.1', () => resolve(s));
      });
    };
    server = await serve(backendPort);
  } catch (e) {
    await stop();
    throw e;
  }

  const api: TestRegistry['api'] = async (as, method, p, body) => {
    const authorization = as.startsWith('plugin:')
      ? mockCredentials.service.header({
          onBehalfOf: mockCredentials.service(as),
          targetPluginId: 'registry',
        })
      : mockCredentials.user.header(`user:default/${as}`);
    const res = await fetch(`${backendUrl}/api/registry${p}`, {
      method,
      headers: {
        authorization,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const skopeo = async (...args: string[]): Promise<SkopeoResult> => {
    try {
      const r = await execFileP('skopeo', args, { timeout: 60_000 });
      return { ok: true, out: r.stdout, err: r.stderr };
    } catch (e: any) {
      return {
        ok: false,
        out: e.stdout ?? '',
        err: String(e.stderr ?? e.message),
      };
    }
  };
  const pats: Record<string, string> = {};
  const patIds: Record<string, string> = {};
  const oci = path.join(stateDir, 'oci');
  const creds = (u: string) => `${u}:${pats[u]}`;
  const registry: TestRegistry = {
    registryHost,
    backendUrl,
    oci,
    pats,
    patIds,
    api,
    skopeo,
    creds,
    push: (u, tag, ref) =>
      skopeo(
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        creds(u),
        `oci:${oci}:${tag}`,
        `docker://${registryHost}/${ref}`,
      ),
    inspect: (u, ref) =>
      skopeo(
        'inspect',
        '--tls-verify=false',
        ...(u ? ['--creds', creds(u)] : ['--no-creds']),
        `docker://${registryHost}/${ref}`,
      ),
    async token(basic, scope) {
      const qs = new URLSearchParams({ service: 'cellport-registry', scope });
      const res = await fetch(`${backendUrl}/api/registry/token?${qs}`, {
        headers: basic
          ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` }
          : {},
      });
      if (!res.ok) {
        throw new Error(`token endpoint answered ${res.status}`);
      }
      return ((await res.json()) as { token: string }).token;
    },
    storageDir: path.join(stateDir, 'infra/registry/data'),
    async gc() {
      await execFileP('bash', [INFRA, 'registry-gc'], { env, timeout: 180_000 });
    },
    async replica() {
      const port = await freePort();
      replicas.push(await serve!(port));
      return `http://127.0.0.1:${port}/api/registry`;
    },
    stopRegistry,
    stop,
  };

  const setup = async (u: string, method: string, route: string, body: unknown) => {
    const r = await api(u, method, route, body);
    if (r.status !== 201) {
      throw new Error(
        `setup: ${method} ${route} as ${u} answered ${r.status}: ${JSON.stringify(r.body)}`,
      );
    }
    return r;
  };
  try {
    await setup('alice', 'POST', '/groups', { name: 'team' });
    await setup('alice', 'POST', '/groups', { name: 'pub', visibility: 'public' });
    await setup('alice', 'POST', '/groups/team/repositories', { name: 'app' });
    for (const [m, role] of [
      ['bob', 'reporter'],
      ['dave', 'developer'],
      ['erin', 'master'],
      ['frank', 'guest'],
    ]) {
      await setup('alice', 'POST', '/groups/team/members', {
        member: `user:default/${m}`,
        role,
      });
    }
    for (const u of USERS) {
      const r = await setup(u, 'POST', '/tokens', { name: 'test', expiresInDays: 1 });
      pats[u] = r.body.token;
      patIds[u] = r.body.id;
    }
    writeOciLayout(oci, ['v1', 'v2', 'v3']);
  } catch (e) {
    await stop();
    throw e;
  }
  return registry;
}
