/**
 * Shared setup of the cells end-to-end tests: simulated cells (@cellport/cell-sim) in-process on
 * free ports, the REAL cells backend plugin in a test backend (startTestBackend) with the catalog
 * and permission setup of the plugin's own tests, and an own PostgreSQL database when a test needs
 * one. Every test file starts its own components and stops them in afterAll.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import type {
  BackendFeature,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Simulator, startSimulator } from '@cellport/cell-sim';
import { policyPermissionsFactory } from '@cellport/test-utils';
import cellsPlugin from '@cellport/plugin-cells-backend';
import * as k8s from '@kubernetes/client-node';
import knexFactory from 'knex';
import { CellsApi } from './api';

/** The user every test acts as: creator (Master) of the apps it creates. */
export const ALICE = 'user:default/alice';
/** A user who is no member of any app. */
export const BOB = 'user:default/bob';


/** Kubernetes clients of one simulated cell, for the test's own look at what the cells run. */
export interface CellClients {
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  discovery: k8s.DiscoveryV1Api;
}

/** Simulated cells of one region, with their `cellport.cells.regions` config. */
export interface TestCells {
  sim: Simulator;
  region: string;
  names: string[];
  /** `cellport.cells.regions` for the backend (kubeconfig files in a temp dir). */
  regions: JsonObject[];
  clients: Record<string, CellClients>;
  /** Makes a cell (un)reachable through the simulator's admin API (`POST /_sim/reachable`). */
  setReachable(cell: string, reachable: boolean): Promise<void>;
  /** Names of the Deployments of the app's namespace in a cell ([] when there is none). */
  deployments(cell: string, app: string): Promise<string[]>;
  /** The app's pods in a cell that are not terminating, optionally of one version. */
  pods(cell: string, app: string, version?: string): Promise<k8s.V1Pod[]>;
  stop(): Promise<void>;
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: k8s.V1Pod): boolean {
  return Boolean(
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ),
  );
}

/**
 * Starts simulated cells `names` of `region` (free ports, admin server on a free port, short
 * crash-loop and HPA timings) and writes one kubeconfig per cell for the backend config.
 */
export async function startCells(
  region: string,
  names: string[],
): Promise<TestCells> {
  const sim = await startSimulator({
    cells: names.map(name => ({ name, region, port: 0 })),
    adminPort: 0,
    timings: { crashLoopBackOffBaseMs: 1000, hpaSyncPeriodMs: 1000 },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-cells-e2e-'));
  const clients: Record<string, CellClients> = {};
  for (const cell of sim.cells) {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cell.kubeconfig);
    clients[cell.name] = {
      core: kc.makeApiClient(k8s.CoreV1Api),
      apps: kc.makeApiClient(k8s.AppsV1Api),
      discovery: kc.makeApiClient(k8s.DiscoveryV1Api),
    };
  }
  const regions: JsonObject[] = [
    {
      name: region,
      cells: names.map(name => ({
        name,
        kubeconfigFile: sim
          .cell(name)
          .writeKubeconfig(path.join(dir, `${name}.kubeconfig`)),
        simulated: true,
      })),
    },
  ];
  const is404 = (e: unknown) => (e as { code?: number })?.code === 404;
  return {
    sim,
    region,
    names,
    regions,
    clients,
    async setReachable(cell, reachable) {
      const res = await fetch(`${sim.adminUrl}/_sim/reachable`, {
        method: 'POST',
        body: JSON.stringify({ cell, reachable }),
      });
      if (!res.ok) {
        throw new Error(
          `POST /_sim/reachable ${cell}=${reachable}: HTTP ${
            res.status
          } ${await res.text()}`,
        );
      }
    },
    async deployments(cell, app) {
      try {
        const list = await clients[cell].apps.listNamespacedDeployment({
          namespace: app,
        });
        return list.items.map(d => d.metadata!.name!).sort();
      } catch (e) {
        if (is404(e)) return [];
        throw e;
      }
    },
    async pods(cell, app, version) {
      const list = await clients[cell].core.listNamespacedPod({
        namespace: app,
        labelSelector: version
          ? `cellport.io/app=${app},cellport.io/version=${version}`
          : `cellport.io/app=${app}`,
      });
      return list.items.filter(p => !p.metadata?.deletionTimestamp);
    },
    async stop() {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** Options of {@link startCellsBackend}. */
export interface CellsBackendOptions {
  /** `cellport.cells.regions`. */
  regions: JsonObject[];
  /** More of `cellport.cells` (prometheus, releases, timeouts). */
  cells?: JsonObject;
  /** `backend.database`; default: an in-memory SQLite database of this backend alone. */
  database?: JsonObject;
  /** More plugins in the same backend (e.g. the registry plugin). */
  features?: BackendFeature[];
  /** More top-level config (e.g. `registry`). */
  config?: JsonObject;
  /** The catalog service (default: an in-memory catalog with users alice and bob). */
  catalog?: ServiceFactory;
}

/** A running test backend with the cells plugin. */
export interface CellsBackend {
  /** e.g. http://127.0.0.1:40123/api/cells */
  baseUrl: string;
  /** The plugin's HTTP API, called like the frontend does, as {@link ALICE} by default. */
  api: CellsApi;
  /** Stops the backend (the release driver gives its leases up). Harmless to repeat. */
  stop(): Promise<void>;
}

/**
 * Starts a test backend with the real cells plugin: the catalog knows alice and bob, permissions
 * are decided by the Cellport policy, requests authenticate with mock user tokens
 * (`mockCredentials.user.header`). Driver ticks and health checks (run by the real scheduler) are
 * fast unless `cells` says otherwise.
 */
export async function startCellsBackend(
  options: CellsBackendOptions,
): Promise<CellsBackend> {
  const { cells = {} } = options;
  const releases = (cells.releases ?? {}) as JsonObject;
  const backend = await startTestBackend({
    features: [
      cellsPlugin,
      // the real scheduler: the cells health check runs every checkIntervalSeconds, as in the
      // portal, so a test sees a cell go down and come back (the mock runs each task once)
      schedulerServiceFactory,
      options.catalog ??
        catalogServiceMock.factory({ entities: [user('alice'), user('bob')] }),
      policyPermissionsFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          ...(options.database
            ? { backend: { database: options.database } }
            : {}),
          cellport: {
            ...(options.config?.cellport as JsonObject | undefined),
            cells: {
              checkIntervalSeconds: 1,
              viewTimeoutSeconds: 5,
              requestTimeoutSeconds: 10,
              drainTimeoutSeconds: 20,
              ...cells,
              releases: { tickIntervalMs: 250, ...releases },
              regions: options.regions,
            },
          },
        },
      }),
    ],
  });
  const baseUrl = `http://127.0.0.1:${backend.server.port()}/api/cells`;
  return {
    baseUrl,
    api: new CellsApi(baseUrl, ALICE),
    stop: () => backend.stop(),
  };
}

/**
 * The PostgreSQL connection string of the test environment
 * (`BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING`, newest major first), if any.
 */
export function postgresConnectionString(): string | undefined {
  const keys = Object.keys(process.env)
    .map(key => ({
      key,
      major: /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
        key,
      )?.[1],
    }))
    .filter(k => k.major && process.env[k.key])
    .sort((a, b) => Number(b.major) - Number(a.major));
  return keys.length ? process.env[keys[0].key] : undefined;
}

/** A fresh PostgreSQL database of one test, for `backend.database` of its backends. */
export interface TestPostgresDatabase {
  name: string;
  /** `backend.database` putting the cells plugin into this database. */
  backendConfig: JsonObject;
  /** Drops the database (call once every backend using it stopped). */
  drop(): Promise<void>;
}

/** Creates a uniquely named database on the server of `connectionString`. */
export async function createPostgresDatabase(
  connectionString: string,
): Promise<TestPostgresDatabase> {
  const name = `cellport_e2e_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: connectionString });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  return {
    name,
    backendConfig: {
      client: 'pg',
      connection: connectionString,
      // the default division mode gives every plugin its own database: name the cells plugin's
      plugin: { cells: { connection: { database: name } } },
    },
    async drop() {
      const again = knexFactory({
        client: 'pg',
        connection: connectionString,
      });
      try {
        await again.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await again.destroy();
      }
    },
  };
}
