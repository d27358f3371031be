/**
 * The slb, builds and observability plugins in the reliability backend, beside cells and registry:
 * their infrastructure (a REAL etcd for the load balancer groups and the build agents' directory,
 * a REAL Prometheus for the dashboards, the schema-faithful SkyWalking dev server), their
 * configuration, and the secrets no answer may hold (the builds secret key, the Alertmanager
 * webhook secret).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { JsonObject } from '@backstage/types';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import permissionPlugin from '@backstage/plugin-permission-backend';
import cellportPolicyModule from '@cellport/plugin-permission-backend-module-cellport';
import slbPlugin from '@cellport/plugin-slb-backend';
import buildsPlugin from '@cellport/plugin-builds-backend';
import observabilityPlugin from '@cellport/plugin-observability-backend';
import { startSkyWalkingDevServer } from '@cellport/skywalking-dev';
import { freePort } from '@cellport/test-utils';
import { httpAuthFactory } from '../observability/harness';

const execFileP = promisify(execFile);

/** The plugins this file adds, whose databases the suites also read. */
export const EXTENDED_PLUGINS = ['slb', 'builds', 'observability'] as const;

/** What the extended plugins add to a reliability backend. */
export interface ExtendedParts {
  features: any[];
  /**
   * How permissions are decided: the REAL permission backend with the Cellport policy module, so
   * decisions on apps the slb and observability plugins ask for (conditional ones, applied by the
   * cells plugin's rules) are what production makes of them; the in-process policy of the
   * cells/registry suites answers conditions with a denial.
   */
  permissionFeatures: any[];
  /** Merged into the backend's configuration (`cellport.slb`, `cellport.observability`, `builds`). */
  config: (region: string) => { cellport: JsonObject; builds: JsonObject };
  /** Configuration secrets no answer may hold. */
  secrets: string[];
  /** The etcd the slb groups and the build agents' directory use. */
  etcdUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts etcd and Prometheus (scripts/infra.sh, free ports, state below `dir`) and the SkyWalking
 * dev server, and returns the plugins with their configuration.
 */
export async function startExtendedParts(infra: string, dir: string): Promise<ExtendedParts> {
  const env = {
    ...process.env,
    CELLPORT_STATE_DIR: dir,
    CELLPORT_ETCD_PORT: String(await freePort()),
    CELLPORT_ETCD_PEER_PORT: String(await freePort()),
    CELLPORT_PROMETHEUS_PORT: String(await freePort()),
    CELLPORT_ALERTMANAGER_PORT: String(await freePort()),
    CELLPORT_BACKEND_URL: 'http://127.0.0.1:9',
  };
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    stops.push(() => execFileP('bash', [infra, 'stop', 'etcd', 'prometheus'], { env }));
    await execFileP('bash', [infra, 'start', 'etcd', 'prometheus'], { env, timeout: 180_000 });
    const skywalking = await startSkyWalkingDevServer();
    stops.push(() => skywalking.stop());
    const etcdUrl = `http://127.0.0.1:${env.CELLPORT_ETCD_PORT}`;
    const rulesDir = path.join(dir, 'alert-rules');
    fs.mkdirSync(rulesDir, { recursive: true });
    const buildsKey = `builds-${randomBytes(16).toString('hex')}`;
    const webhookSecret = `alerts-${randomBytes(16).toString('hex')}`;
    return {
      features: [slbPlugin, buildsPlugin, observabilityPlugin],
      permissionFeatures: [permissionPlugin, cellportPolicyModule, permissionsServiceFactory, httpAuthFactory],
      etcdUrl,
      secrets: [buildsKey, webhookSecret],
      config: region => ({
        cellport: {
          slb: {
            groups: [
              {
                name: 'rel-public',
                region,
                vip: '127.0.0.77',
                cnameSuffix: 'lb.rel.cellport.local',
                visibility: 'public',
                etcd: { endpoints: [etcdUrl] },
              },
            ],
          },
          observability: {
            prometheus: { baseUrl: `http://127.0.0.1:${env.CELLPORT_PROMETHEUS_PORT}`, timeoutSeconds: 5 },
            cacheSeconds: 10,
            alerts: { rulesDir, webhookSecret, syncIntervalSeconds: 300 },
            skywalking: { baseUrl: skywalking.url },
          },
        },
        builds: { secretKey: buildsKey, etcd: { endpoints: [etcdUrl], prefix: '/rel-builds' } },
      }),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
