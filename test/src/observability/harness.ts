/**
 * The observability end-to-end stack, all real components: simulated cells, a private Prometheus
 * scraping their pods and loading rule files from a folder, a private Alertmanager routing to the
 * portal's webhook, and a test backend with the REAL cells, observability, permission (with the
 * Cellport policy, so app roles are decided by the cells plugin's rules) and notifications plugins.
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
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  HttpAuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import cellsPlugin from '@cellport/plugin-cells-backend';
import observabilityPlugin, {
  cellsModuleSkyWalkingGate,
} from '@cellport/plugin-observability-backend';
import cellportPolicyModule from '@cellport/plugin-permission-backend-module-cellport';
import { startPrometheus, TestPrometheus } from '../lib/prometheus';
import { CellsApi } from '../cells/api';
import { startCells, TestCells } from '../cells/harness';
import { startAlertmanager, TestAlertmanager } from './alertmanager';
import { SkyWalkingDevServer, startSkyWalkingDevServer } from '@cellport/skywalking-dev';
import { freePort } from '@cellport/test-utils';

/** Creator (Owner) of the apps. */
export const ALICE = 'user:default/alice';
/** Not a member of any app. */
export const BOB = 'user:default/bob';
/** Master of the apps. */
export const CAROL = 'user:default/carol';
/** Reporter of the apps. */
export const DAVE = 'user:default/dave';
/** Guest of the apps. */
export const ERIN = 'user:default/erin';

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * Backstage's mock auth service, except that a plugin's request on behalf of a user carries the
 * calling plugin as the actor, as real on-behalf-of tokens do. The permission framework relies on
 * it: the permission backend answers conditional decisions only to plugins, and applies conditions
 * (`/.well-known/backstage/permissions/apply-conditions`) only for the permission plugin.
 */
export const httpAuthFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const mock = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    const service: HttpAuthService = {
      credentials: (async (req: any, options: any) => {
        const credentials: any = await mock.credentials(req, options);
        const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
        if (credentials.principal.type === 'user' && token.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) {
          const { sub } = JSON.parse(token.slice(MOCK_SERVICE_TOKEN_PREFIX.length));
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: sub },
          });
        }
        return credentials;
      }) as HttpAuthService['credentials'],
      issueUserCookie: (res, options) => mock.issueUserCookie(res, options),
    };
    return service;
  },
});

/** The running stack. */
export interface ObservabilityStack {
  cells: TestCells;
  prometheus: TestPrometheus;
  alertmanager: TestAlertmanager;
  /** e.g. http://127.0.0.1:40123 */
  backendUrl: string;
  /** `/api/cells` as alice. */
  cellsApi: CellsApi;
  /** `/api/observability` as alice (`.as(user)` for others). */
  api: CellsApi;
  /** Prometheus' rule folder the plugin writes into. */
  rulesDir: string;
  webhookSecret: string;
  /** The SkyWalking development server the backend queries (when asked for). */
  skywalking?: SkyWalkingDevServer;
  /** The user's notifications of a topic, oldest first. */
  notifications(user: string, topic: string): Promise<Array<{ payload: any }>>;
  stop(): Promise<void>;
}

/** Starts everything; `region` names the simulated region (cells `<region>-1` and `<region>-2`). */
export async function startObservabilityStack(
  region: string,
  options: { skywalking?: boolean } = {},
): Promise<ObservabilityStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) {
      await s().catch(() => undefined);
    }
  };
  try {
    const cells = await startCells(region, [`${region}-1`, `${region}-2`]);
    stops.push(() => cells.stop());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-observability-'));
    stops.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const rulesDir = path.join(dir, 'rules');
    fs.mkdirSync(rulesDir);
    const alertmanagerPort = await freePort();
    const prometheus = await startPrometheus({
      cells: cells.sim.cells,
      rulesDir,
      alertmanagerUrl: `http://127.0.0.1:${alertmanagerPort}`,
    });
    stops.push(() => prometheus.stop());
    const webhookSecret = randomBytes(24).toString('hex');
    const skywalking = options.skywalking ? await startSkyWalkingDevServer() : undefined;
    if (skywalking) stops.push(() => skywalking.stop());
    const backend = await startTestBackend({
      features: [
        cellsPlugin,
        observabilityPlugin,
        cellsModuleSkyWalkingGate,
        permissionPlugin,
        cellportPolicyModule,
        notificationsPlugin,
        permissionsServiceFactory,
        httpAuthFactory,
        catalogServiceMock.factory({
          entities: ['alice', 'bob', 'carol', 'dave', 'erin'].map(user),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://127.0.0.1:3000' },
            permission: { enabled: true },
            cellport: {
              cells: {
                checkIntervalSeconds: 1,
                viewTimeoutSeconds: 5,
                requestTimeoutSeconds: 10,
                drainTimeoutSeconds: 20,
                releases: { tickIntervalMs: 250 },
                regions: cells.regions,
              },
              observability: {
                prometheus: { baseUrl: prometheus.url },
                cacheSeconds: 10,
                alerts: { rulesDir, webhookSecret, syncIntervalSeconds: 5 },
                ...(skywalking ? { skywalking: { baseUrl: skywalking.url } } : {}),
              },
            },
          },
        }),
      ],
    });
    stops.push(() => backend.stop());
    const backendUrl = `http://127.0.0.1:${backend.server.port()}`;
    const alertmanager = await startAlertmanager({
      port: alertmanagerPort,
      webhookUrl: `${backendUrl}/api/observability/alertmanager/webhook`,
      secret: webhookSecret,
    });
    stops.push(() => alertmanager.stop());
    return {
      cells,
      prometheus,
      alertmanager,
      backendUrl,
      cellsApi: new CellsApi(`${backendUrl}/api/cells`, ALICE),
      api: new CellsApi(`${backendUrl}/api/observability`, ALICE),
      rulesDir,
      webhookSecret,
      skywalking,
      async notifications(who, topic) {
        const res = await fetch(
          `${backendUrl}/api/notifications/notifications?limit=100&topic=${encodeURIComponent(topic)}`,
          { headers: { authorization: mockCredentials.user.header(who) } },
        );
        if (!res.ok) {
          throw new Error(`notifications of ${who}: HTTP ${res.status} ${await res.text()}`);
        }
        const body = (await res.json()) as { notifications: Array<{ payload: any; created: string }> };
        return body.notifications.sort((a, b) => a.created.localeCompare(b.created));
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Adds carol (Master), dave (Reporter) and erin (Guest) to an app. */
export async function addMembers(api: CellsApi, app: string): Promise<void> {
  for (const [member, role] of [
    [CAROL, 'master'],
    [DAVE, 'reporter'],
    [ERIN, 'guest'],
  ]) {
    await api.expect(201, 'POST', `/apps/${app}/members`, { member, role });
  }
}
