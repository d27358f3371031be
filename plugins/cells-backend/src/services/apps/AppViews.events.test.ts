import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { CoreV1Event } from '@kubernetes/client-node';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { CellConfig } from '@cellport/plugin-cells-node';
import { eventSummary } from '../kube/summaries';
import { FakeCellWorkloads } from './__testUtils__/FakeCellWorkloads';
import { AppService } from './AppService';
import { appsAtTheEdge } from './__testUtils__/atTheEdge';
import { AppViews } from './AppViews';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const CELLS: CellConfig[] = ['dev-1', 'dev-2'].map((name, i) => ({
  name,
  region: 'dev',
  apiUrl: `https://127.0.0.1:${i + 1}`,
  skipTLSVerify: false,
  simulated: true,
}));

const alice = mockCredentials.user('user:default/alice');

/** Core events of one cell as the apiserver lists them (by name, not by time). */
const RAW: Record<string, CoreV1Event[]> = {
  'dev-1': [
    {
      // controller manager (core/v1 recorder): whole seconds; it happened at 23.75 s
      metadata: { name: 'shop-v2.delete', resourceVersion: '520' },
      involvedObject: { kind: 'ReplicaSet', name: 'shop-v2-5d8' },
      reason: 'SuccessfulDelete',
      message: 'Deleted pod: shop-v2-5d8-q2',
      type: 'Normal',
      firstTimestamp: new Date('2026-03-01T10:00:23Z'),
      lastTimestamp: new Date('2026-03-01T10:00:23Z'),
      count: 1,
    },
    {
      // scheduler (events.k8s.io): microseconds
      metadata: { name: 'shop-v2-5d8-q2.schedule', resourceVersion: '511' },
      involvedObject: { kind: 'Pod', name: 'shop-v2-5d8-q2' },
      reason: 'Scheduled',
      message: 'Successfully assigned shop/shop-v2-5d8-q2 to dev-1-node-1',
      type: 'Normal',
      eventTime: new Date('2026-03-01T10:00:23.189Z'),
    },
  ],
  'dev-2': [
    {
      metadata: { name: 'shop-v2.scale', resourceVersion: '77' },
      involvedObject: { kind: 'Deployment', name: 'shop-v2' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set shop-v2-7f to 1',
      type: 'Normal',
      firstTimestamp: new Date('2026-03-01T10:00:22Z'),
      lastTimestamp: new Date('2026-03-01T10:00:22Z'),
      count: 1,
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'AppViews.events on %p',
  databaseId => {
    let views: AppViews;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await applyAppMigrations(knex);
      const store = KnexAppStore.create({ knex });
      const workloads = new FakeCellWorkloads(CELLS.map(c => c.name));
      // the real summaries of raw events, with dev-2 answering first
      workloads.listEvents = async (cell: string) => {
        if (cell === 'dev-1') await new Promise(r => setTimeout(r, 20));
        return RAW[cell].map(e => eventSummary(cell, e));
      };
      const options = {
        store,
        workloads,
        cells: { getCells: async () => CELLS },
        access: {
          authorize: jest.fn(async () => ({} as any)),
          isAllowed: jest.fn(async () => true),
          getListFilter: jest.fn(async () => ({
            kind: 'all' as const,
            apply: (q: any) => q,
          })),
          registerResource: jest.fn(async () => ({} as any)),
          unregisterResource: jest.fn(async () => true),
        },
        permissions: mockServices.permissions.mock({
          authorize: jest.fn(async () => [
            { result: AuthorizeResult.ALLOW },
          ]) as any,
        }),
        logger: mockServices.logger.mock(),
        guards: { afterDeleteApp: jest.fn(async () => {}) },
      };
      await appsAtTheEdge(AppService.create(options)).createApp(alice, {
        name: 'shop',
        cells: ['dev-1', 'dev-2'],
      });
      views = AppViews.create(options);
    });

    it("merges the cells newest first by the best time of each event, a second's events in write order", async () => {
      const { items, errors } = await views.events(alice, 'shop');
      expect(errors).toEqual([]);
      expect(items.map(e => `${e.cell} ${e.reason} ${e.at}`)).toEqual([
        'dev-1 SuccessfulDelete 2026-03-01T10:00:23.000Z',
        'dev-1 Scheduled 2026-03-01T10:00:23.189Z',
        'dev-2 ScalingReplicaSet 2026-03-01T10:00:22.000Z',
      ]);
    });
  },
);
