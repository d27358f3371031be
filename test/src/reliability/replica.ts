/**
 * One backend replica as a process of its own, for the kill suite: the REAL cells plugin (and the
 * slb plugin when the suite runs an LB group) with the
 * production HTTP stack (root router, error mapping) bound to 127.0.0.1, the real database service
 * (the shared PostgreSQL database), the catalog, auth and permissions of the plugin's tests (mock
 * user tokens, the Cellport policy in process). Started by `kills.ts` with
 * `node --require @backstage/cli/config/nodeTransform.cjs replica.ts` and the JSON config in
 * CELLPORT_REPLICA_CONFIG; prints `ready <port>` once it serves. A SIGKILL is its only way out:
 * unhandled rejections and uncaught exceptions are recorded (CELLPORT_REPLICA_FAULTS), not fatal.
 */
import fs from 'node:fs';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { discoveryServiceFactory } from '@backstage/backend-defaults/discovery';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceMock,
  actionsServiceMock,
  metricsServiceMock,
  tracingServiceMock,
} from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import cellsPlugin from '@cellport/plugin-cells-backend';
import slbPlugin, { slbCellsTrafficModule } from '@cellport/plugin-slb-backend';
import { policyPermissionsFactory } from '@cellport/test-utils';

/** What a replica is told by its parent. */
export interface ReplicaConfig {
  port: number;
  /** `backend.database`. */
  database: JsonObject;
  /** `cellport.cells`. */
  cells: JsonObject;
  /** Catalog users (`user:default/<name>`). */
  users: string[];
  /**
   * `cellport.slb`: when given, the replica also runs the slb plugin (the service discovery) and
   * its drain-before-delete hook in the cells plugin, as the portal does.
   */
  slb?: JsonObject;
}

/**
 * Backstage installs its process-wide unhandledRejection/uncaughtException handlers only when
 * NODE_ENV is not 'test', so without these a stray rejection ends a test replica with nothing
 * but a one-line message. Each fault is logged with its full (async) stack to the replica's log
 * and appended to CELLPORT_REPLICA_FAULTS, a file the suite asserts empty; the replica keeps
 * serving, as a production backend would.
 */
function recordFaults(file: string | undefined) {
  Error.stackTraceLimit = 100;
  const record = (kind: string) => (reason: unknown) => {
    const text = `${new Date().toISOString()} ${kind} (pid ${process.pid}): ${
      reason instanceof Error ? reason.stack ?? reason.message : String(reason)
    }${reason instanceof Error && reason.cause ? `\ncause: ${(reason.cause as Error)?.stack ?? reason.cause}` : ''}\n`;
    process.stderr.write(text);
    if (file) fs.appendFileSync(file, text);
  };
  process.on('unhandledRejection', record('unhandledRejection'));
  process.on('uncaughtException', record('uncaughtException'));
}

async function main() {
  recordFaults(process.env.CELLPORT_REPLICA_FAULTS);
  const config = JSON.parse(process.env.CELLPORT_REPLICA_CONFIG ?? '') as ReplicaConfig;
  const baseUrl = `http://127.0.0.1:${config.port}`;
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auth.factory(),
      mockServices.auditor.factory(),
      mockServices.cache.factory(),
      mockServices.httpRouter.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissionsRegistry.factory(),
      mockServices.rootHealth.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.userInfo.factory(),
      mockServices.urlReader.factory(),
      mockServices.events.factory(),
      actionsRegistryServiceMock.factory(),
      actionsServiceMock.factory(),
      metricsServiceMock.factory(),
      tracingServiceMock.factory(),
      catalogServiceMock.factory({
        entities: config.users.map(ref => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: ref.split('/')[1], namespace: 'default' },
          spec: {},
        })),
      }),
      policyPermissionsFactory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl,
            listen: { host: '127.0.0.1', port: config.port },
            database: config.database,
          },
          cellport: { cells: config.cells, ...(config.slb ? { slb: config.slb } : {}) },
        },
      }),
      // the real scheduler and database services: tasks and tables shared through PostgreSQL
      databaseServiceFactory,
      schedulerServiceFactory,
      rootHttpRouterServiceFactory(),
      discoveryServiceFactory,
    ],
  });
  backend.add(cellsPlugin);
  if (config.slb) {
    backend.add(slbPlugin);
    backend.add(slbCellsTrafficModule);
  }
  await backend.start();
  process.stdout.write(`ready ${config.port}\n`);
}

main().catch(e => {
  process.stderr.write(`replica failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
