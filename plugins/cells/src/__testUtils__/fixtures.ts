import type {
  App,
  AppOverview,
  AppPermissions,
  AppVersion,
  RegionSummary,
  Release,
  ReleaseStep,
  VersionSpec,
} from '@cellport/plugin-cells-common';
import type { Page } from '@cellport/common';
import type { CellsApi, PageOptions } from '../api';

const T0 = '2026-01-01T10:00:00.000Z';

/** Every permission granted (an Owner). */
export const ALL_PERMISSIONS: AppPermissions = {
  deploy: true,
  scale: true,
  release: true,
  update: true,
  delete: true,
  membersManage: true,
  logs: true,
  events: true,
};

/** A Reporter: reads logs and events, changes nothing. */
export const REPORTER_PERMISSIONS: AppPermissions = {
  deploy: false,
  scale: false,
  release: false,
  update: false,
  delete: false,
  membersManage: false,
  logs: true,
  events: true,
};

/** Region dev with a reachable simulated cell, another one, and an unreachable one. */
export const regions: RegionSummary[] = [
  {
    name: 'dev',
    cells: [
      {
        name: 'dev-1',
        region: 'dev',
        apiUrl: 'https://127.0.0.1:6443',
        simulated: true,
        status: {
          checked: true,
          reachable: true,
          version: 'v1.30.0',
          capacity: {
            cpuMillis: 64_000,
            memoryBytes: 256 * 1024 ** 3,
            pods: 440,
          },
          usage: { cpuMillis: 16_500, memoryBytes: 8 * 1024 ** 3, pods: 12 },
          nodes: ['dev-1-node-1', 'dev-1-node-2'].map((name, i) => ({
            name,
            ready: i === 0,
            schedulable: true,
            allocatable: {
              cpuMillis: 32_000,
              memoryBytes: 128 * 1024 ** 3,
              pods: 220,
            },
            usage: { cpuMillis: 8_250, memoryBytes: 4 * 1024 ** 3, pods: 6 },
          })),
        },
      },
      {
        name: 'dev-2',
        region: 'dev',
        apiUrl: 'https://127.0.0.1:6444',
        simulated: true,
        status: { checked: true, reachable: true, version: 'v1.30.0' },
      },
      {
        name: 'dev-3',
        region: 'dev',
        apiUrl: 'https://127.0.0.1:6445',
        simulated: false,
        status: {
          checked: true,
          reachable: false,
          error: 'connect ECONNREFUSED 127.0.0.1:6445',
        },
      },
    ],
  },
  {
    name: 'prod',
    cells: [
      {
        name: 'prod-1',
        region: 'prod',
        apiUrl: 'https://127.0.0.1:7443',
        simulated: false,
        status: { checked: true, reachable: true, version: 'v1.29.4' },
      },
    ],
  },
];

/** A production app in dev-1 and dev-2; dev-2 was skipped by the last release. */
export const paymentsApp: App = {
  name: 'payments',
  description: 'Card payments',
  componentRef: 'component:default/payments-api',
  production: true,
  region: 'dev',
  cells: [
    { cell: 'dev-1', stableVersion: 'v2', drifted: false },
    { cell: 'dev-2', stableVersion: 'v1', drifted: true },
    { cell: 'dev-3', stableVersion: 'v2', drifted: false },
  ],
  imageRepository: 'payments/api',
  currentVersion: 'v2',
  createdBy: 'user:default/alice',
  createdAt: T0,
};

/** A development app in one cell, no version yet. */
export const ledgerApp: App = {
  name: 'ledger',
  production: false,
  region: 'dev',
  cells: [{ cell: 'dev-1', drifted: false }],
  createdBy: 'user:default/bob',
  createdAt: T0,
};

/** A full version spec. */
export function spec(
  image: string,
  patch: Partial<VersionSpec> = {},
): VersionSpec {
  return {
    image,
    replicas: { 'dev-1': 3, 'dev-2': 2 },
    port: 9090,
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
    env: [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'REGION', value: 'dev' },
    ],
    healthCheck: {
      path: '/ready',
      port: 9091,
      initialDelaySeconds: 2,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 4,
      liveness: true,
    },
    autoscaling: {
      minReplicas: 2,
      maxReplicas: 6,
      targetCPUUtilizationPercentage: 70,
    },
    ...patch,
  };
}

/** The payments app's versions, newest first. */
export const paymentsVersions: AppVersion[] = [
  {
    app: 'payments',
    name: 'v2',
    spec: spec('registry.test:5000/payments/api:2.0.0'),
    createdBy: 'user:default/alice',
    createdAt: T0,
  },
  {
    app: 'payments',
    name: 'v1',
    spec: spec('registry.test:5000/payments/api:1.0.0', {
      autoscaling: undefined,
    }),
    createdBy: 'user:default/alice',
    createdAt: T0,
  },
];

/** dev-1 runs v2 (3/3), dev-2 is drifted on v1 (1/2 ready), dev-3 unreachable. */
export const paymentsOverview: AppOverview = {
  app: 'payments',
  cells: [
    {
      cell: 'dev-1',
      reachable: true,
      stableVersion: 'v2',
      drifted: false,
      versions: [
        {
          version: 'v2',
          image: 'registry.test:5000/payments/api:2.0.0',
          desired: 3,
          ready: 3,
          updated: 3,
          available: 3,
        },
      ],
      pods: [
        {
          name: 'payments-v2-abc12',
          cell: 'dev-1',
          version: 'v2',
          ip: '127.1.0.5',
          node: 'dev-1-node-1',
          status: 'Running',
          ready: true,
          restarts: 0,
          createdAt: T0,
          containers: ['app'],
        },
      ],
    },
    {
      cell: 'dev-2',
      reachable: true,
      stableVersion: 'v1',
      drifted: true,
      versions: [
        {
          version: 'v1',
          image: 'registry.test:5000/payments/api:1.0.0',
          desired: 2,
          ready: 1,
          updated: 2,
          available: 1,
        },
      ],
      pods: [],
    },
    {
      cell: 'dev-3',
      reachable: false,
      error: 'cell dev-3 is unreachable: connect ECONNREFUSED 127.0.0.1:6445',
      drifted: false,
      versions: [],
      pods: [],
    },
  ],
};

/** A release step with its plan. */
export function step(
  index: number,
  patch: Partial<ReleaseStep> = {},
): ReleaseStep {
  return {
    index,
    plan: {
      cells: index === 0 ? ['dev-1'] : ['dev-1', 'dev-2'],
      canary: index === 0 ? { replicas: 1 } : { percent: 100 },
      readyDeadlineSeconds: 300,
      noRestarts: true,
      metrics: [],
      bakeSeconds: 60,
      approval: 'auto',
    },
    state: 'pending',
    gates: [],
    ...patch,
  };
}

/** A release of v3 in the given state. */
export function release(patch: Partial<Release> = {}): Release {
  return {
    id: 'r-1',
    app: 'payments',
    version: 'v3',
    fromVersions: { 'dev-1': 'v2', 'dev-2': 'v2' },
    state: 'running',
    onFailure: 'rollback',
    currentStep: 0,
    steps: [step(0, { state: 'progressing' }), step(1)],
    skippedCells: [],
    createdBy: 'user:default/alice',
    createdAt: T0,
    updatedAt: T0,
    ...patch,
  };
}

/**
 * A CellsApi whose every method is a jest mock answering from the fixtures; `overrides` replace
 * some (pass `jest.fn(...)` to inspect them).
 */
export function mockCellsApi(
  overrides: Partial<CellsApi> = {},
): jest.Mocked<CellsApi> {
  // the page methods page what listApps/listVersions answer (as overridden), the cursor an offset
  const pageOf = <T>(all: T[], options: PageOptions = {}): Page<T> => {
    const start = Number(options.cursor ?? 0);
    const end = start + (options.limit ?? 100);
    return {
      items: all.slice(start, end),
      ...(end < all.length ? { nextCursor: String(end) } : {}),
    };
  };
  const api: CellsApi = {
    listAppsPage: jest.fn(async (options = {}) =>
      pageOf(
        (await api.listApps()).filter(a => a.name.includes(options.q ?? '')),
        options,
      ),
    ),
    listVersionsPage: jest.fn(async (app: string, options?: PageOptions) =>
      pageOf(await api.listVersions(app), options),
    ),
    listReleasesPage: jest.fn(async (app: string, options?: PageOptions) =>
      pageOf(await api.listReleases(app), options),
    ),
    listRegions: jest.fn(async () => regions),
    getCell: jest.fn(async (name: string) => {
      const cell = regions.flatMap(r => r.cells).find(c => c.name === name);
      if (!cell) throw new Error(`no cell ${name}`);
      return cell;
    }),
    listApps: jest.fn(async () => [paymentsApp, ledgerApp]),
    createApp: jest.fn(async request => ({
      ...ledgerApp,
      name: request.name,
      cells: request.cells.map(cell => ({ cell, drifted: false })),
    })),
    getApp: jest.fn(async (name: string) =>
      name === 'ledger' ? ledgerApp : paymentsApp,
    ),
    updateApp: jest.fn(async () => paymentsApp),
    addAppCell: jest.fn(async (_app, request) => ({
      ...paymentsApp,
      cells: [
        ...paymentsApp.cells,
        { cell: request.cell, stableVersion: request.version, drifted: false },
      ],
    })),
    deleteApp: jest.fn(async () => undefined),
    getAppPermissions: jest.fn(async () => ALL_PERMISSIONS),
    listVersions: jest.fn(async () => paymentsVersions),
    createVersion: jest.fn(async (_app, request) => ({
      app: 'payments',
      name: request.name,
      spec: paymentsVersions[0].spec,
      createdBy: 'user:default/alice',
      createdAt: T0,
    })),
    deleteVersion: jest.fn(async () => undefined),
    scaleVersion: jest.fn(async () => undefined),
    getOverview: jest.fn(async () => paymentsOverview),
    getEvents: jest.fn(async () => ({ items: [], errors: [] })),
    getPodLog: jest.fn(async () => 'line 1\nline 2\n'),
    listGateSources: jest.fn(async () => ['prometheus']),
    listImageTags: jest.fn(async () => ({
      registryHost: '127.0.0.1:5050',
      items: [
        {
          tag: '1.4.2',
          digest: `sha256:${'b'.repeat(64)}`,
          size: 2048,
          pushedAt: T0,
          pusher: 'user:default/alice',
        },
        { tag: '1.4.1', digest: `sha256:${'a'.repeat(64)}`, size: 1024 },
      ],
    })),
    listReleases: jest.fn(async () => []),
    startRelease: jest.fn(async () => release()),
    getRelease: jest.fn(async () => release()),
    listReleaseEvents: jest.fn(async () => []),
    releaseAction: jest.fn(async () => release()),
    syncCell: jest.fn(async () => release()),
    listMembers: jest.fn(async () => []),
    addMember: jest.fn(),
    updateMember: jest.fn(),
    removeMember: jest.fn(async () => undefined),
    ...overrides,
  };
  return api as jest.Mocked<CellsApi>;
}
