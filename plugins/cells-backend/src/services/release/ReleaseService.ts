import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { decodeCursor, Page, pageOfRows } from '@cellport/common';
import {
  Release,
  ReleaseActionRequest,
  releaseActionRequestSchema,
  ReleaseEvent,
  StartReleaseRequest,
  startReleaseRequestSchema,
} from '@cellport/plugin-cells-common';
import { parseInput } from '@cellport/plugin-access-node';
import { TrafficShare } from '@cellport/plugin-cells-node';
import { ReleaseRecord, toRelease } from '../../database/ReleaseRecords';
import { ReleaseStore } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { GateSourceRegistry } from './GateSource';
import { newRelease, refuseServingCells } from './newRelease';
import { validatePlan } from './planning';
import { actionChange } from './releaseActions';
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

  /**
   * Starts a release of `app`: InputError for a bad plan (unknown cells, a cell that never
   * reaches 100%, an unknown gate source), NotFoundError for an unknown app or version,
   * ConflictError while another release of the app is live. Nothing is done in any cell here.
   */
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
    const { record, started } = await newRelease({
      app,
      plan,
      versionSpec: version.spec,
      appStore: this.appStore,
      actor,
      now: this.now(),
    });
    await this.store.createRelease(record, [started]);
    this.onChange();
    this.logger.info('Release started', {
      app: appName,
      release: record.id,
      version: plan.version,
      actor,
    });
    return toRelease(record);
  }

  /**
   * A page of the app's releases, newest first: at most `limit` (default 50), after the release
   * whose position `cursor` (a `nextCursor` of a previous page) holds; 400 for a bad cursor.
   */
  async list(
    app: string,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Release>> {
    const limit = options.limit ?? 50;
    let before: { createdAt: number; id: string } | undefined;
    if (options.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(options.cursor, 2);
      if (!/^[0-9]{1,15}$/.test(createdAt)) {
        throw new InputError(
          'invalid cursor: pass the nextCursor of a previous page',
        );
      }
      before = { createdAt: Number(createdAt), id };
    }
    const records = await this.store.listReleases(app, {
      limit: limit + 1,
      before,
    });
    const page = pageOfRows(records, limit, r => [String(r.createdAt), r.id]);
    return { ...page, items: page.items.map(toRelease) };
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
    const change = actionChange(r, action, actor, this.now);
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
