/**
 * The backend the reliability suites run against: the REAL cells and registry plugins together in
 * one test backend (startTestBackend: the production HTTP stack, error handler and auth policies),
 * the Cellport access policy deciding permissions (a platform admin group included), simulated
 * cells and the REAL Docker registry (scripts/infra.sh, temporary state, free ports), on SQLite
 * files (one per plugin, so a test can read every table) or on fresh PostgreSQL databases.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServiceFactory, coreServices } from '@backstage/backend-plugin-api';
import { CellportAccessPolicy } from '@cellport/plugin-access-node';
import cellsPlugin from '@cellport/plugin-cells-backend';
import registryPlugin from '@cellport/plugin-registry-backend';
import { freePort, policyPermissions } from '@cellport/test-utils';
import knexFactory, { Knex } from 'knex';
import { startCells, TestCells } from '../cells/harness';
import { EXTENDED_PLUGINS, ExtendedParts, startExtendedParts } from './extended';

const execFileP = promisify(execFile);
// eslint-disable-next-line no-restricted-syntax -- test sources run from the repository, never bundled
const INFRA = path.resolve(__dirname, '../../../scripts/infra.sh');

/** The group whose members are platform admins. */
export const ADMIN_GROUP = 'group:default/platform-admins';

/** The people of the suites, by the part they play on every seeded resource. */
export const PEOPLE = {
  owner: 'user:default/olivia',
  master: 'user:default/mason',
  developer: 'user:default/devi',
  reporter: 'user:default/remy',
  guest: 'user:default/gus',
  nonMember: 'user:default/nora',
  admin: 'user:default/ada',
} as const;

/** Plugins whose databases the suites read. */
export const PLUGINS = ['cells', 'registry'] as const;

const userEntity = (ref: string): Entity => {
  const name = ref.split('/')[1];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: ref === PEOPLE.admin ? ['platform-admins'] : [] },
    // what the catalog's processing makes of memberOf, read by the policy module's claims resolver
    relations: ref === PEOPLE.admin ? [{ type: 'memberOf', targetRef: ADMIN_GROUP }] : [],
  };
};

/** Where the plugins keep their tables. */
export type DatabaseChoice =
  | { kind: 'sqlite' }
  | { kind: 'postgres'; connectionString: string };

/** A running reliability backend. */
export interface ReliabilityBackend {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** The express app behind the server (its router stack is the route inventory's source). */
  app: any;
  cells: TestCells;
  /** Secrets of the configuration no answer may hold: cell tokens, the webhook secret, the signing key. */
  configSecrets: string[];
  /** A knex client on a plugin's own database (for snapshots). */
  db(plugin: (typeof PLUGINS)[number] | (typeof EXTENDED_PLUGINS)[number]): Knex;
  /** The etcd of the extended plugins (slb groups, build agents), when started with them. */
  etcdUrl?: string;
  stop(): Promise<void>;
}

/** The Authorization header of a caller: a user ref, `plugin:<id>` for a service, or none. */
export function authHeader(caller: string | undefined): Record<string, string> {
  if (!caller) {
    return {};
  }
  if (caller.startsWith('plugin:')) {
    return {
      authorization: mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(caller),
        targetPluginId: 'cells',
      }),
    };
  }
  return { authorization: mockCredentials.user.header(caller) };
}

/** Service-principal header for a target plugin (the mock tokens name their audience). */
export function serviceHeader(subject: string, targetPluginId: string) {
  return {
    authorization: mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(subject),
      targetPluginId,
    }),
  };
}

/**
 * Starts simulated cells (two, region `rel`), the real registry and the backend with both
 * plugins on `database`; with `extended`, the slb, builds and observability plugins too (extended.ts).
 */
export async function startReliabilityBackend(
  database: DatabaseChoice = { kind: 'sqlite' },
  options: { extended?: boolean } = {},
): Promise<ReliabilityBackend> {
  const plugins: string[] = [...PLUGINS, ...(options.extended ? EXTENDED_PLUGINS : [])];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-reliability-'));
  const registryPort = await freePort();
  const env = {
    ...process.env,
    CELLPORT_STATE_DIR: dir,
    CELLPORT_REGISTRY_PORT: String(registryPort),
    // the registry's token realm and webhook: this backend is not reachable before it starts
    CELLPORT_BACKEND_URL: 'http://127.0.0.1:9',
  };
  const clients: Knex[] = [];
  const pgNames: string[] = [];
  let cells: TestCells | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let extended: ExtendedParts | undefined;
  const stop = async () => {
    await backend?.stop().catch(() => undefined);
    await extended?.stop();
    await Promise.all(clients.map(c => c.destroy().catch(() => undefined)));
    await cells?.stop().catch(() => undefined);
    await execFileP('bash', [INFRA, 'stop', 'registry'], { env }).catch(
      () => undefined,
    );
    if (database.kind === 'postgres' && pgNames.length) {
      const admin = knexFactory({ client: 'pg', connection: database.connectionString });
      for (const name of pgNames) {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]).catch(() => undefined);
      }
      await admin.destroy();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await execFileP('bash', [INFRA, 'start', 'registry'], { env, timeout: 180_000 });
    cells = await startCells('rel', ['rel-1', 'rel-2']);
    const registryDir = path.join(dir, 'infra/registry');
    let databaseConfig: JsonObject;
    const connections: Record<string, Knex.Config> = {};
    if (database.kind === 'sqlite') {
      const sqlite = path.join(dir, 'sqlite');
      databaseConfig = { client: 'better-sqlite3', connection: { directory: sqlite } };
      for (const plugin of plugins) {
        connections[plugin] = {
          client: 'better-sqlite3',
          connection: { filename: path.join(sqlite, `${plugin}.sqlite`) },
          useNullAsDefault: true,
        };
      }
    } else {
      const admin = knexFactory({ client: 'pg', connection: database.connectionString });
      const plugin: JsonObject = {};
      try {
        for (const id of plugins) {
          const name = `cellport_rel_${id}_${randomBytes(5).toString('hex')}`;
          await admin.raw('CREATE DATABASE ??', [name]);
          pgNames.push(name);
          plugin[id] = { connection: { database: name } };
          const url = new URL(database.connectionString);
          url.pathname = `/${name}`;
          connections[id] = { client: 'pg', connection: url.toString() };
        }
      } finally {
        await admin.destroy();
      }
      databaseConfig = { client: 'pg', connection: database.connectionString, plugin };
    }
    if (options.extended) {
      extended = await startExtendedParts(INFRA, dir);
    }
    const more = extended?.config('rel');
    const policy = CellportAccessPolicy.create({
      claimsResolver: {
        resolveClaims: async ref => (ref === PEOPLE.admin ? [ref, ADMIN_GROUP] : [ref]),
      },
      platformAdminGroup: ADMIN_GROUP,
    });
    backend = await startTestBackend({
      features: [
        cellsPlugin,
        registryPlugin,
        ...(extended?.features ?? []),
        catalogServiceMock.factory({
          entities: [
            ...Object.values(PEOPLE).map(userEntity),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'platform-admins', namespace: 'default' },
              spec: { type: 'team', children: [] },
            },
          ],
        }),
        ...(extended?.permissionFeatures ?? [
          createServiceFactory({
            service: coreServices.permissions,
            deps: {},
            factory: () => policyPermissions({ policy }),
          }),
          mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        ]),
        mockServices.rootConfig.factory({
          data: {
            backend: { database: databaseConfig },
            ...(extended ? { permission: { enabled: true } } : {}),
            cellport: {
              platformAdminGroup: ADMIN_GROUP,
              cells: {
                checkIntervalSeconds: 1,
                viewTimeoutSeconds: 5,
                requestTimeoutSeconds: 10,
                drainTimeoutSeconds: 20,
                releases: { tickIntervalMs: 250 },
                regions: cells.regions,
              },
              ...more?.cellport,
            },
            ...(more ? { builds: more.builds } : {}),
            registry: {
              url: `http://127.0.0.1:${registryPort}`,
              tokenKeyFile: path.join(registryDir, 'certs/token.key'),
              tokenCertFile: path.join(registryDir, 'certs/token.crt'),
              webhookSecretFile: path.join(registryDir, 'webhook.secret'),
            },
          },
        }),
      ],
    });
    for (const plugin of plugins) {
      clients.push(knexFactory(connections[plugin]));
    }
    const server = backend.server;
    const configSecrets = [
      ...cells.sim.cells.map(c => c.token),
      fs.readFileSync(path.join(registryDir, 'webhook.secret'), 'utf8').trim(),
      'PRIVATE KEY',
      ...(extended?.secrets ?? []),
    ];
    return {
      configSecrets,
      url: `http://127.0.0.1:${server.port()}`,
      app: server.listeners('request')[0],
      cells,
      db: plugin => clients[plugins.indexOf(plugin)],
      etcdUrl: extended?.etcdUrl,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
