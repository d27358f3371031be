/**
 * The engine's steps with stand-ins for etcd and the cells plugin (the end-to-end test in
 * test/src/slb-evacuation runs them against the real ones): a failing step is tried again and
 * said once, recovers without a trace, and fails the evacuation only after the error timeout.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CellsScalingService } from '@cellport/plugin-cells-node';
import { ConfigGroupSupplier } from '../ConfigGroupSupplier';
import { SlbEtcd } from '../SlbEtcd';
import { EvacuationEngine } from './EvacuationEngine';
import { EvacuationProgress, EvacuationStore, StoredEvacuation } from './EvacuationStore';

const groups = new ConfigGroupSupplier(
  new ConfigReader({
    cellport: { slb: { groups: [{ name: 'g', region: 'dev', vip: '127.0.0.11', cnameSuffix: 'lb.test', etcd: { endpoints: ['http://127.0.0.1:1'] } }] } },
  }),
);

function setup(errorTimeoutMs: number) {
  const saved: EvacuationProgress[] = [];
  const events: string[] = [];
  const store = {
    async saveProgress(_id: string, _owner: string, p: EvacuationProgress) {
      saved.push(p);
      return true;
    },
    async addEvent(_id: string, level: string, _step: string, message: string) {
      events.push(`${level}: ${message}`);
    },
    async finish() {},
  } as unknown as EvacuationStore;
  let up = false;
  const etcd = {
    client: () => {
      if (!up) throw new Error('etcd unavailable');
      return { put: () => ({ value: () => ({ exec: async () => ({ header: { revision: '7' } }) }) }) };
    },
    listUpstreams: async () => new Map(),
  } as unknown as SlbEtcd;
  const scaling = {} as CellsScalingService;
  const engine = new EvacuationEngine({
    store,
    groups,
    etcd,
    scaling,
    logger: mockServices.logger.mock(),
    timings: { readyTimeoutMs: 60_000, applyTimeoutMs: 1000, rampStepMs: 0, errorTimeoutMs },
  });
  return { engine, saved, events, heal: () => (up = true) };
}

const evacuation = (stepData: Record<string, unknown>): StoredEvacuation => ({
  id: 'e1',
  cell: 'a',
  region: 'dev',
  state: 'evacuating',
  trigger: 'manual',
  reason: 'test',
  plan: {
    cell: 'a',
    region: 'dev',
    groups: ['g'],
    createdAt: '',
    apps: [{ app: 'shop', version: 'v1', servers: 1, replicas: 1, targets: [{ cell: 'b', from: 2, to: 3, specReplicas: 2 }], uncarried: 0, notes: [] }],
  },
  createdBy: 'user:default/erin',
  createdAt: '',
  updatedAt: '',
  events: [],
  step: 'upstreams',
  stepData,
});

describe('EvacuationEngine', () => {
  it('tries a failing step again, says so once, and goes on when it works', async () => {
    const { engine, saved, events, heal } = setup(60_000);
    // `upstreams` writes the cell's mark to the group's etcd, which is away
    await engine.tick(evacuation({}), 'me');
    await engine.tick(evacuation(saved[0].data), 'me');
    expect(saved.map(p => [p.state, p.step])).toEqual([
      ['evacuating', 'upstreams'],
      ['evacuating', 'upstreams'],
    ]);
    expect(saved[1].data.errorSince).toBe(saved[0].data.errorSince);
    expect(events).toEqual(["warning: Step 'upstreams' failed, trying again: etcd unavailable"]);
    heal();
    await engine.tick(evacuation(saved[1].data), 'me');
    expect(saved[2]).toMatchObject({ state: 'evacuating', step: 'agents', data: { revisions: { g: 0 } } });
    expect(saved[2].data.errorSince).toBeUndefined();
    expect(events[1]).toBe("info: LB group 'g': the servers of cell 'a' left every upstream (revision 0)");
  });

  it('fails the evacuation once the step kept failing past the error timeout', async () => {
    const { engine, saved, events } = setup(1000);
    await engine.tick(evacuation({ errorSince: Date.now() - 5000, lastError: 'etcd unavailable' }), 'me');
    expect(saved[0]).toMatchObject({ state: 'failed', step: 'upstreams', error: 'etcd unavailable' });
    expect(events[0]).toMatch(/^error: Step 'upstreams' failed for 5 s: etcd unavailable; stopped/);
  });
});
