import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  App,
  GateStatus,
  Release,
  ReleaseActionRequest,
  releaseActionRequestSchema,
  ReleaseEvent,
  ReleasePlan,
  StartReleaseRequest,
  startReleaseRequestSchema,
  VersionSpec,
} from '@cellport/plugin-cells-common';
import { parseInput } from '@cellport/plugin-access-node';
import { TrafficShare } from '@cellport/plugin-cells-node';
import { randomUUID } from 'node:crypto';
import {
  ReleaseRecord,
  StepRecord,
  toRelease,
} from '../../database/ReleaseRecords';
import { ReleaseStore, ReleaseTransition } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { GateSourceRegistry } from './GateSource';
import { initialGates, planCells, validatePlan } from './planning';
import { trafficSharesOf } from './trafficShares';

/**
 * Options of {@link ReleaseService}.
 *
 * @public
 */
export interface ReleaseServiceOptions {
  store: ReleaseStore;
  appStore: AppStore;
  gateSources: GateSourceRegistry;
  logger: LoggerService;
  /** The clock (ms since the epoch); injectable for tests. */
  now?: () => number;
  /** Called after a release was started or acted on (the driver wakes up for it). */
  onChange?: () => void;
}

/**
 * Starts releases, takes the Masters' actions on them and reads them. Access control is the
 * caller's (the router checks `cellport.app.release.manage` and `read`); the service only writes
 * the database: the {@link ReleaseDriver} does everything in the cells.
 *
 * Every action is a guarded write on the release's state, so an action that no longer fits
 * (the driver moved the release meanwhile) is a ConflictError, never a lost update.
 *
 * @public
 */
export class ReleaseService {
  private readonly store: ReleaseStore;
  private readonly appStore: AppStore;
  private readonly gateSources: GateSourceRegistry;
  private readonly logger: LoggerService;
  private readonly now: () => number;
  private readonly onChange: () => void;

  constructor(options: ReleaseServiceOptions) {
    this.onChange = options.onChange ?? (() => {});
    this.store = options.store;
    this.appStore = options.appStore;
    this.gateSources = options.gateSources;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /**
   * Starts a release of `app`: InputError for a bad plan (unknown cells, a cell that never
   * reaches 100%, an unknown gate source), NotFoundError for an unknown app or version,
   * ConflictError while another release of the app is live. Nothing is done in any cell here.
   */
  /**
   * "Sync cell": brings a drifted cell (e.g. one skipped while unreachable) to the app's current
   * version through a one-step release of that cell alone, gated on readiness and restarts like
   * any other. NotFoundError for a cell not in the app; ConflictError when the app has no current
   * version yet or the cell already serves it.
   */
  async syncCell(
    appName: string,
    cell: string,
    actor: string,
  ): Promise<Release> {
    const app = await this.appStore.getApp(appName);
    if (!app) {
      throw new NotFoundError(`App '${appName}' not found`);
    }
    const appCell = app.cells.find(c => c.cell === cell);
    if (!appCell) {
      throw new NotFoundError(
        `App '${appName}' does not run in cell '${cell}'`,
      );
    }
    if (!app.currentVersion) {
      throw new ConflictError(
        `App '${appName}' has no current version yet: release one first`,
      );
    }
    if (appCell.stableVersion === app.currentVersion) {
      throw new ConflictError(
        `Cell '${cell}' already serves the current version ${app.currentVersion} of app '${appName}'`,
      );
    }
    return this.start(
      appName,
      {
        version: app.currentVersion,
        steps: [{ cells: [cell], canary: { percent: 100 } }],
      },
      actor,
    );
  }

  /** The metric gate sources releases may use here (`prometheus`, and what modules add). */
  gateSourceNames(): string[] {
    return this.gateSources.names();
  }

  async start(
    appName: string,
    input: StartReleaseRequest | unknown,
    actor: string,
  ): Promise<Release> {
    const plan = parseInput(startReleaseRequestSchema, input);
    const app = await this.appStore.getApp(appName);
    if (!app) {
      throw new NotFoundError(`App '${appName}' not found`);
    }
    const version = await this.appStore.getVersion(appName, plan.version);
    if (!version) {
      throw new NotFoundError(
        `Version '${plan.version}' of app '${appName}' not found`,
      );
    }
    validatePlan(plan, app, this.gateSources);
    refuseServingCells(plan, app);
    const live = await this.store.getLiveRelease(appName);
    if (live) {
      throw new ConflictError(
        `Release ${live.id} (version ${live.version}) is ${live.state} for app '${appName}': finish or abort it first`,
      );
    }
    const fromVersions: Record<string, string | null> = Object.fromEntries(
      app.cells.map(c => [c.cell, c.stableVersion ?? null]),
    );
    const stableSpecs: Record<string, VersionSpec> = {};
    for (const name of new Set(Object.values(fromVersions))) {
      if (name) {
        const stable = await this.appStore.getVersion(appName, name);
        if (stable) {
          stableSpecs[name] = stable.spec;
        }
      }
    }
    const now = this.now();
    const record: ReleaseRecord = {
      id: randomUUID(),
      app: appName,
      version: plan.version,
      state: 'running',
      onFailure: plan.onFailure,
      currentStep: 0,
      fromVersions,
      skippedCells: [],
      doneCells: [],
      versionSpec: version.spec,
      stableSpecs,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
      steps: plan.steps.map(
        (step, index): StepRecord => ({
          index,
          plan: step,
          state: 'pending',
          attempt: 0,
          applied: [],
          baseline: {},
          gates: initialGates(step),
          promoted: false,
        }),
      ),
    };
    const from = [...new Set(planCells(plan).map(c => fromVersions[c]))]
      .map(v => v ?? 'nothing')
      .join(', ');
    await this.store.createRelease(record, [
      {
        type: 'started',
        actor,
        message: `${actor} started the release of ${
          plan.version
        } (from ${from}) in ${plan.steps.length} step(s) over ${planCells(
          plan,
        ).join(', ')}`,
      },
    ]);
    this.onChange();
    this.logger.info('Release started', {
      app: appName,
      release: record.id,
      version: plan.version,
      actor,
    });
    return toRelease(record);
  }

  /** The app's releases, newest first. */
  async list(
    app: string,
    options: { limit?: number } = {},
  ): Promise<Release[]> {
    return (await this.store.listReleases(app, options)).map(toRelease);
  }

  /** The traffic shares of every live release that sets one (for load balancers). */
  async trafficShares(): Promise<TrafficShare[]> {
    return trafficSharesOf(await this.store.listLiveReleases());
  }

  /** The app's live release, if any (e.g. to refuse removing the version it releases). */
  async getLive(app: string): Promise<Release | undefined> {
    const live = await this.store.getLiveRelease(app);
    return live && toRelease(live);
  }

  /**
   * AppService guard (`guards: releases`): an app with a live release is not deleted.
   */
  async beforeDeleteApp(app: string): Promise<void> {
    const live = await this.store.getLiveRelease(app);
    if (live) {
      throw new ConflictError(
        `App '${app}' has a live release (${live.id}, version ${live.version}, ${live.state}): abort it first`,
      );
    }
  }

  /**
   * AppService guard (`guards: releases`): a deleted app's release history goes with it, so that
   * an app created later under the same name starts with none.
   */
  async afterDeleteApp(app: string): Promise<void> {
    await this.store.deleteFinalReleases(app);
  }

  /**
   * AppService guard (`guards: releases`): a version a live release rolls out, or may roll back
   * to, is not removed.
   */
  async beforeRemoveVersion(app: string, version: string): Promise<void> {
    const live = await this.store.getLiveRelease(app);
    if (
      live &&
      (live.version === version ||
        Object.values(live.fromVersions).includes(version))
    ) {
      throw new ConflictError(
        `Version '${version}' of app '${app}' is used by the live release ${
          live.id
        } (${
          live.version === version ? 'rolling it out' : 'its rollback target'
        }): wait for it to finish or abort it first`,
      );
    }
  }

  /** One release of the app; NotFoundError when it is not one of the app's. */
  async get(app: string, id: string): Promise<Release> {
    return toRelease(await this.record(app, id));
  }

  /** The release's timeline, oldest first (`after`: only the events after that event id). */
  async events(
    app: string,
    id: string,
    options: { after?: number } = {},
  ): Promise<ReleaseEvent[]> {
    await this.record(app, id);
    return this.store.listEvents(id, options);
  }

  /**
   * A Master's action: promote, pause, resume, abort, retry or skip-cell. ConflictError when the
   * action does not fit the release's state.
   */
  async act(
    app: string,
    id: string,
    input: ReleaseActionRequest | unknown,
    actor: string,
  ): Promise<Release> {
    const action = parseInput(releaseActionRequestSchema, input);
    const r = await this.record(app, id);
    const step = r.steps[r.currentStep] as StepRecord | undefined;
    const n = r.currentStep + 1;
    const refuse = (why: string) =>
      new ConflictError(`Cannot ${action.action} release ${r.id}: ${why}`);
    const finishing = r.currentStep >= r.steps.length;
    let change: Omit<ReleaseTransition, 'releaseId' | 'now'>;

    switch (action.action) {
      case 'promote': {
        if (
          r.state === 'waiting-approval' &&
          step?.state === 'waiting-approval'
        ) {
          change = {
            expectState: ['waiting-approval'],
            release: {
              state: 'running',
              currentStep: r.currentStep + 1,
              reason: null,
            },
            step: {
              index: step.index,
              expectState: ['waiting-approval'],
              expectAttempt: step.attempt,
              set: {
                state: 'succeeded',
                finishedAt: this.now(),
                promoted: true,
              },
            },
            events: [
              {
                type: 'promoted',
                step: step.index,
                actor,
                message: `${actor} approved step ${n}`,
              },
              {
                type: 'step-succeeded',
                step: step.index,
                actor,
                message: `Step ${n}/${r.steps.length} succeeded (approved)`,
                dedupeKey: `step-succeeded:${step.index}:${step.attempt}`,
              },
            ],
          };
        } else if (
          r.state === 'running' &&
          step &&
          ['pending', 'progressing', 'baking'].includes(step.state)
        ) {
          change = {
            expectState: ['running'],
            step: {
              index: step.index,
              expectState: ['pending', 'progressing', 'baking'],
              expectAttempt: step.attempt,
              set: { promoted: true },
            },
            events: [
              {
                type: 'promoted',
                step: step.index,
                actor,
                message: `${actor} promoted step ${n}: the rest of its bake is skipped once its pods are Ready`,
              },
            ],
          };
        } else if (r.state === 'paused' && step && inconclusiveGate(step)) {
          change = {
            expectState: ['paused'],
            release: { state: 'running', reason: null },
            step: {
              index: step.index,
              expectState: ['baking'],
              expectAttempt: step.attempt,
              set: { promoted: true },
            },
            events: [
              {
                type: 'promoted',
                step: step.index,
                actor,
                message: `${actor} accepted the inconclusive gate ${
                  inconclusiveGate(step)!.name
                } and promoted step ${n}`,
              },
            ],
          };
        } else {
          throw refuse(
            `it is ${r.state}${step ? ` (step ${n} ${step.state})` : ''}`,
          );
        }
        break;
      }
      case 'pause': {
        if (r.state !== 'running' || finishing) {
          throw refuse(finishing ? 'it is finishing' : `it is ${r.state}`);
        }
        change = {
          expectState: ['running'],
          release: { state: 'paused', reason: `paused by ${actor}` },
          events: [
            {
              type: 'paused',
              step: r.currentStep,
              actor,
              message: `Paused by ${actor}`,
            },
          ],
        };
        break;
      }
      case 'resume': {
        if (r.state !== 'paused') {
          throw refuse(`it is ${r.state}`);
        }
        if (step?.state === 'failed') {
          throw refuse(`step ${n} failed: retry the step or abort the release`);
        }
        const set: NonNullable<ReleaseTransition['step']>['set'] = {};
        if (step?.state === 'progressing') {
          set.deadlineAt = this.now() + step.plan.readyDeadlineSeconds * 1000;
        }
        if (step && inconclusiveGate(step)) {
          set.gates = step.gates.map(g =>
            g.phase === 'inconclusive' ? remeasure(g) : g,
          );
        }
        change = {
          expectState: ['paused'],
          release: { state: 'running', reason: null },
          step: step
            ? {
                index: step.index,
                expectState: [step.state],
                expectAttempt: step.attempt,
                set,
              }
            : undefined,
          events: [
            {
              type: 'resumed',
              step: r.currentStep,
              actor,
              message: `Resumed by ${actor}`,
            },
          ],
        };
        break;
      }
      case 'abort': {
        if (
          !['running', 'paused', 'waiting-approval'].includes(r.state) ||
          finishing
        ) {
          throw refuse(finishing ? 'it is finishing' : `it is ${r.state}`);
        }
        change = {
          expectState: ['running', 'paused', 'waiting-approval'],
          release: { state: 'rolling-back', reason: `aborted by ${actor}` },
          events: [
            {
              type: 'aborted',
              step: r.currentStep,
              actor,
              message: `Aborted by ${actor}: rolling back`,
            },
          ],
        };
        break;
      }
      case 'retry': {
        if (
          r.state !== 'paused' ||
          !step ||
          !(step.state === 'failed' || inconclusiveGate(step))
        ) {
          throw refuse(
            r.state === 'paused'
              ? `step ${n} has neither failed nor an inconclusive gate: resume instead`
              : `it is ${r.state}`,
          );
        }
        change = {
          expectState: ['paused'],
          release: { state: 'running', reason: null },
          step: {
            index: step.index,
            expectState: [step.state],
            expectAttempt: step.attempt,
            set: {
              state: 'pending',
              attempt: step.attempt + 1,
              startedAt: null,
              finishedAt: null,
              deadlineAt: null,
              readyAt: null,
              targets: null,
              applied: [],
              baseline: {},
              gates: initialGates(step.plan),
              promoted: false,
            },
          },
          events: [
            {
              type: 'retried',
              step: step.index,
              actor,
              message: `${actor} retried step ${n} (attempt ${
                step.attempt + 2
              })`,
            },
          ],
        };
        break;
      }
      case 'skip-cell': {
        const cell = action.cell;
        if (!planCells({ steps: r.steps.map(s => s.plan) }).includes(cell)) {
          throw new InputError(`Cell '${cell}' is not part of release ${r.id}`);
        }
        if (r.state !== 'paused') {
          throw refuse(`it is ${r.state}; pause it first`);
        }
        if (r.skippedCells.includes(cell)) {
          throw refuse(`cell '${cell}' is skipped already`);
        }
        change = {
          expectState: ['paused'],
          expectSkippedCells: r.skippedCells,
          release: { skippedCells: [...r.skippedCells, cell] },
          events: [
            {
              type: 'cell-skipped',
              step: r.currentStep,
              cell,
              actor,
              message: `${actor} skipped ${cell}: this release leaves it on ${
                r.fromVersions[cell] ?? 'no version'
              } (drifted)`,
            },
          ],
        };
        break;
      }
      default:
        throw new InputError('Unknown action');
    }

    const written = await this.store.transition({
      releaseId: r.id,
      now: this.now(),
      expectCurrentStep: r.currentStep,
      ...change,
    });
    if (!written) {
      throw new ConflictError(
        `Release ${r.id} changed meanwhile; reload it and try again`,
      );
    }
    this.onChange();
    this.logger.info('Release action', {
      app,
      release: r.id,
      action: action.action,
      actor,
    });
    return this.get(app, id);
  }

  private async record(app: string, id: string): Promise<ReleaseRecord> {
    const record = await this.store.getRelease(id);
    if (!record || record.app !== app) {
      throw new NotFoundError(`Release '${id}' of app '${app}' not found`);
    }
    return record;
  }
}

function inconclusiveGate(step: StepRecord): GateStatus | undefined {
  return step.state === 'baking'
    ? step.gates.find(g => g.phase === 'inconclusive')
    : undefined;
}

function remeasure(gate: GateStatus): GateStatus {
  return {
    ...gate,
    phase: 'running',
    message: `measuring again (was: ${gate.message ?? 'inconclusive'})`,
    measurements: [],
    failed: 0,
    inconclusive: 0,
  };
}

/**
 * A release moves cells to a version they do not serve yet: a cell that already serves it as its
 * stable version would only lose pods to a canary of itself. ConflictError naming those cells.
 */
function refuseServingCells(plan: ReleasePlan, app: App): void {
  const serving = planCells(plan).filter(
    cell =>
      app.cells.find(c => c.cell === cell)?.stableVersion === plan.version,
  );
  if (serving.length === 0) {
    return;
  }
  const all = serving.length === planCells(plan).length;
  throw new ConflictError(
    all
      ? `${plan.version} is already the version ${
          serving.length > 1
            ? `cells ${serving.join(', ')} serve`
            : `cell ${serving[0]} serves`
        }: there is nothing to release; create a new version, or release another one`
      : `cell${serving.length > 1 ? 's' : ''} ${serving.join(
          ', ',
        )} already serve${serving.length > 1 ? '' : 's'} ${
          plan.version
        }: leave ${serving.length > 1 ? 'them' : 'it'} out of the plan`,
  );
}
