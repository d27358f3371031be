import { mockServices } from '@backstage/backend-test-utils';
import { Release, StartReleaseRequest } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { StoredReleaseEvent } from '../../../database/ReleaseRecords';
import { createReleaseServices } from '../createReleaseServices';
import { GateSourceRegistry } from '../GateSource';
import { ReleaseDriver } from '../ReleaseDriver';
import {
  FakeCellWorkloads,
  FakeGateSource,
  InMemoryAppStore,
  specOf,
  TestClock,
} from './fakes';

/** The user who starts and acts on releases in the tests. */
export const ALICE = 'user:default/alice';

/**
 * Release services on `knex` with fake cells, app store and gate source (`fake`), a clock moved by
 * hand and a driver `driver-1` that is ticked by hand.
 */
export async function createHarness(knex: Knex) {
  const clock = new TestClock();
  const workloads = new FakeCellWorkloads(clock.now);
  const appStore = new InMemoryAppStore(clock.now);
  const gate = new FakeGateSource();
  const gateSources = new GateSourceRegistry();
  gateSources.addGateSource('fake', gate);
  const logger = mockServices.logger.mock();
  /** Every release the listener was told about, in order. */
  const finished: Release[] = [];
  const services = await createReleaseServices({
    knex,
    appStore,
    workloads,
    logger,
    gateSources,
    now: clock.now,
    driverId: 'driver-1',
    listener: {
      releaseFinished: async release => {
        finished.push(release);
      },
    },
  });

  /** App `name` in `cells` (region r1) serving v1 (2 replicas per cell); v2 exists too. */
  async function seedApp(name = 'shop', cells = ['a', 'b']) {
    const replicas = Object.fromEntries(cells.map(c => [c, 2]));
    await appStore.createApp({
      name,
      production: true,
      region: 'r1',
      cells: cells.map(cell => ({ cell, stableVersion: 'v1', drifted: false })),
      createdBy: ALICE,
    });
    const v1 = specOf('shop:1', replicas);
    await appStore.createVersion({
      app: name,
      name: 'v1',
      spec: v1,
      createdBy: ALICE,
    });
    await appStore.createVersion({
      app: name,
      name: 'v2',
      spec: specOf('shop:2', replicas),
      createdBy: ALICE,
    });
    for (const cell of cells) {
      workloads.seed(cell, name, 'v1', v1);
    }
  }

  /** A second driver (another backend replica) on `otherKnex` or the same database. */
  async function otherDriver(driverId: string, otherKnex: Knex = knex) {
    const other = await createReleaseServices({
      knex: otherKnex,
      appStore,
      workloads,
      logger,
      gateSources,
      now: clock.now,
      driverId,
    });
    return other;
  }

  async function start(plan: StartReleaseRequest, app = 'shop') {
    return services.releases.start(app, plan, ALICE);
  }

  /**
   * Ticks `driver` (default driver-1), one second of test time apart, until `until` holds for the
   * release; fails with where the release stands after `maxTicks`.
   */
  async function run(
    id: string,
    until: (release: Release) => boolean,
    options: {
      app?: string;
      stepMs?: number;
      maxTicks?: number;
      driver?: ReleaseDriver;
    } = {},
  ): Promise<Release> {
    const driver = options.driver ?? services.driver;
    const app = options.app ?? 'shop';
    for (let i = 0; i < (options.maxTicks ?? 300); i++) {
      const release = await services.releases.get(app, id);
      if (until(release)) {
        return release;
      }
      await driver.tickOnce();
      clock.advance(options.stepMs ?? 1000);
    }
    const release = await services.releases.get(app, id);
    throw new Error(
      `release did not get there: ${release.state} at step ${
        release.currentStep
      } (${release.steps.map(s => s.state).join(', ')}), reason: ${
        release.reason
      }`,
    );
  }

  async function events(id: string): Promise<StoredReleaseEvent[]> {
    return services.store.listEvents(id);
  }

  return {
    clock,
    workloads,
    appStore,
    gate,
    logger,
    finished,
    ...services,
    seedApp,
    start,
    run,
    events,
    otherDriver,
  };
}

/** Events that record a transition and so must occur once (per step attempt / cell). */
export function transitionKeys(events: StoredReleaseEvent[]): string[] {
  const once = [
    'step-started',
    'step-succeeded',
    'step-skipped',
    'cell-applied',
    'gate-passed',
    'gate-failed',
    'waiting-approval',
    'cell-completed',
    'cell-rolled-back',
    'rolled-back',
    'succeeded',
  ];
  const attempts = new Map<number, number>();
  const keys: string[] = [];
  for (const e of events) {
    if (e.type === 'retried' && e.step !== undefined) {
      attempts.set(e.step, (attempts.get(e.step) ?? 0) + 1);
    }
    if (once.includes(e.type)) {
      keys.push(
        `${e.type}:${e.step ?? '-'}:${attempts.get(e.step ?? -1) ?? 0}:${
          e.cell ?? '-'
        }:${e.type.startsWith('gate-') ? e.message.split(':')[0] : ''}`,
      );
    }
  }
  return keys;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
