import { mockCredentials } from '@backstage/backend-test-utils';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { CoreV1Event } from '@kubernetes/client-node';
import { KnexAppStore } from '../../database/KnexAppStore';
import { applyAppMigrations } from '../../database/migrations';
import { eventSummary } from '../kube/summaries';
import { FakeCellWorkloads } from './__testUtils__/FakeCellWorkloads';
import { AppService } from './AppService';
import { appsAtTheEdge } from './__testUtils__/atTheEdge';
import { appTestOptions, testCell } from './__testUtils__/appTestOptions';
import { AppViews } from './AppViews';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const CELLS = [testCell('dev-1'), testCell('dev-2')];

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
        ...appTestOptions({ store, workloads, cells: CELLS }),
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
