import { LoggerService } from '@backstage/backend-plugin-api';
import { Release } from '@cellport/plugin-cells-common';
import { ReleaseRecord } from '../../database/ReleaseRecords';
import { ReleaseStore } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { CellWorkloads } from '../kube/types';
import { errorMessage, Transition, transitionOn } from './engineSupport';
import { fullCells, touchedCells } from './planning';
import { ReleaseListener } from './ReleaseListener';

/**
 * The two ways a release ends: switching the cells to the new version after the last step, or
 * rolling the touched cells back. Both go cell by cell, recording each finished cell (guarded,
 * once), so that a tick cut short resumes with the next cell and every cell action is repeatable.
 */
export class ReleaseEndings {
  private readonly transition: Transition;

  constructor(
    private readonly deps: {
      store: ReleaseStore;
      workloads: CellWorkloads;
      appStore: AppStore;
      logger: LoggerService;
      now: () => number;
      /** Reads a release as the API shows it, for the listener. */
      read: (id: string) => Promise<Release | undefined>;
      listener?: ReleaseListener;
    },
  ) {
    this.transition = transitionOn(deps.store, deps.now);
  }

  private get workloads() {
    return this.deps.workloads;
  }

  private get appStore() {
    return this.deps.appStore;
  }

  private get logger() {
    return this.deps.logger;
  }

  private now() {
    return this.deps.now();
  }

  private get store() {
    return this.deps.store;
  }

  /**
   * The last step passed: every cell that reached 100% (and was not skipped) drops its old
   * version (pods out of traffic first) and gets the new one as stable, one cell at a time;
   * then the app's current version is set and the release succeeds.
   */
  async finish(r: ReleaseRecord, driverId: string): Promise<boolean> {
    const cells = fullCells({ steps: r.steps.map(s => s.plan) }).filter(
      cell => !r.skippedCells.includes(cell),
    );
    let done = r.doneCells;
    for (const cell of cells.filter(c => !done.includes(c))) {
      const old = r.fromVersions[cell];
      try {
        if (old && old !== r.version) {
          await this.workloads.removeVersion(cell, r.app, old);
        }
        await this.appStore.setStableVersion(r.app, cell, r.version);
      } catch (error) {
        this.logger.warn('Release could not finish a cell; will retry', {
          app: r.app,
          release: r.id,
          cell,
          error: errorMessage(error),
        });
        return false;
      }
      const next = [...done, cell];
      const written = await this.transition(r, driverId, {
        expectState: ['running'],
        expectCurrentStep: r.currentStep,
        expectDoneCells: done,
        release: { doneCells: next },
        events: [
          {
            type: 'cell-completed',
            cell,
            message: `${cell} serves ${r.version}${
              old && old !== r.version ? `; ${old} removed` : ''
            }`,
            dedupeKey: `cell-completed:${cell}`,
          },
        ],
      });
      if (!written) {
        return false;
      }
      done = next;
    }
    await this.appStore.setCurrentVersion(r.app, r.version);
    const skipped = r.skippedCells.length
      ? `; skipped (drifted): ${r.skippedCells.join(', ')}`
      : '';
    const succeeded = await this.transition(r, driverId, {
      expectState: ['running'],
      expectCurrentStep: r.currentStep,
      release: { state: 'succeeded', reason: null },
      events: [
        {
          type: 'succeeded',
          message: `Release of ${r.version} succeeded${skipped}`,
          dedupeKey: 'succeeded',
        },
      ],
    });
    if (succeeded) {
      this.logger.info('Release succeeded', {
        app: r.app,
        release: r.id,
        version: r.version,
      });
      await this.tellListener(r.id);
    }
    return false;
  }

  /**
   * Rolls back every touched cell of every started step (skipped cells excepted), one cell at a
   * time, then ends the release `rolled-back`. A cell that cannot be rolled back yet (down) is
   * retried on the next tick.
   */
  async rollBack(r: ReleaseRecord, driverId: string): Promise<boolean> {
    const started = r.steps.filter(
      s => s.index <= r.currentStep && s.startedAt !== undefined,
    );
    const cells = [
      ...new Set(started.flatMap(s => touchedCells(s.plan, r.skippedCells))),
    ];
    let done = r.doneCells;
    for (const cell of cells.filter(c => !done.includes(c))) {
      const stable = r.fromVersions[cell];
      try {
        await this.rollBackCell(r, cell);
      } catch (error) {
        this.logger.warn('Release could not roll back a cell; will retry', {
          app: r.app,
          release: r.id,
          cell,
          error: errorMessage(error),
        });
        await this.store.appendEvents(
          r.id,
          this.now(),
          [
            {
              type: 'cell-rollback-waiting',
              cell,
              message: `${cell} could not be rolled back yet (${errorMessage(
                error,
              )}); retrying until it can`,
              dedupeKey: `cell-rollback-waiting:${cell}`,
            },
          ],
          driverId,
        );
        continue;
      }
      const next = [...done, cell];
      const written = await this.transition(r, driverId, {
        expectState: ['rolling-back'],
        expectDoneCells: done,
        release: { doneCells: next },
        events: [
          {
            type: 'cell-rolled-back',
            cell,
            message: `${cell}: ${rolledBackWhat(r, stable)}`,
            dedupeKey: `cell-rolled-back:${cell}`,
          },
        ],
      });
      if (!written) {
        return false;
      }
      done = next;
    }
    if (cells.some(c => !done.includes(c))) {
      return false;
    }
    const step = r.steps[Math.min(r.currentStep, r.steps.length - 1)];
    const active = ['progressing', 'baking', 'waiting-approval'].includes(
      step.state,
    );
    const rolledBack = await this.transition(r, driverId, {
      expectState: ['rolling-back'],
      release: { state: 'rolled-back' },
      step: active
        ? {
            index: step.index,
            expectState: [step.state],
            expectAttempt: step.attempt,
            set: { state: 'failed', finishedAt: this.now() },
          }
        : undefined,
      events: [
        {
          type: 'rolled-back',
          message: `Rolled back: ${r.reason ?? 'the release failed'}`,
          dedupeKey: 'rolled-back',
        },
      ],
    });
    if (rolledBack) {
      this.logger.warn('Release rolled back', {
        app: r.app,
        release: r.id,
        reason: r.reason,
      });
      await this.tellListener(r.id);
    }
    return false;
  }

  /** Only the replica whose transition ended the release gets here: the listener hears it once. */
  private async tellListener(id: string) {
    const { listener, read } = this.deps;
    if (!listener) {
      return;
    }
    try {
      const release = await read(id);
      if (release) {
        await listener.releaseFinished(release);
      }
    } catch (error) {
      this.logger.warn('Release listener failed', {
        release: id,
        error: errorMessage(error),
      });
    }
  }

  /**
   * New pods out of traffic and to zero first, then the stable version's replicas restored.
   * When the new version is the cell's stable one (a re-release), it is put back to its spec.
   */
  private async rollBackCell(r: ReleaseRecord, cell: string) {
    const stable = r.fromVersions[cell];
    const stableSpec = stable ? r.stableSpecs[stable] : undefined;
    if (stable && stable === r.version) {
      const spec = stableSpec ?? r.versionSpec;
      await this.workloads.applyVersion(
        cell,
        r.app,
        { name: stable, spec },
        spec.replicas[cell] ?? 0,
      );
      return;
    }
    if (await this.workloads.getVersionStatus(cell, r.app, r.version)) {
      await this.workloads.drainAndScale(cell, r.app, r.version, 0);
    }
    if (stable && stableSpec) {
      await this.workloads.applyVersion(
        cell,
        r.app,
        { name: stable, spec: stableSpec },
        stableSpec.replicas[cell] ?? 0,
      );
    } else if (stable) {
      this.logger.warn('Release rollback: no spec of the stable version', {
        app: r.app,
        release: r.id,
        cell,
        version: stable,
      });
    }
  }
}

function rolledBackWhat(r: ReleaseRecord, stable: string | null | undefined) {
  if (!stable) {
    return `${r.version} scaled to 0`;
  }
  if (stable === r.version) {
    return `${stable} restored to its replicas`;
  }
  return `${r.version} scaled to 0, ${stable} restored`;
}
