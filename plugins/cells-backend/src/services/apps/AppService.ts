import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DEFAULT_PAGE_LIMITS,
  Page,
  pageOfRows,
  PageRequest,
} from '@cellport/common';
import { appMatrix } from '@cellport/plugin-access-common';
import {
  App,
  createAppRequestSchema,
  updateAppRequestSchema,
} from '@cellport/plugin-cells-common';
import { z } from 'zod';
import { actorOf } from './actor';
import { AppCells, NewAppCell } from './AppCells';
import { AppChecks } from './AppChecks';
import { AppPullSecrets } from './AppPullSecrets';
import { appRef, AppServiceOptions, ChangeOptions } from './types';
import { validateAppCells, validateAppName } from './validation';
import { VersionScaling } from './VersionScaling';
import { VersionService } from './VersionService';

/**
 * An app to create, as parsed by `createAppRequestSchema` (defaults filled in).
 *
 * @public
 */
export type NewApp = z.output<typeof createAppRequestSchema>;

/**
 * A change of an app's settings, as parsed by `updateAppRequestSchema`.
 *
 * @public
 */
export type AppChange = z.output<typeof updateAppRequestSchema>;

/**
 * Apps across cells (the routes of `/apps` and `/apps/:app`): list, get, create, update and
 * delete, with permissions through the access library (kind `app`). Nothing touches a cell
 * before the input was checked and every cell concerned answered; a cell failing midway is
 * rolled back. Bodies arrive parsed (the router validates them at the edge). The app's
 * {@link VersionService | versions} and {@link VersionScaling | scaling} are made with it and
 * share its checks.
 *
 * @public
 */
export class AppService {
  /** The app's versions: `/apps/:app/versions`. */
  readonly versions: VersionService;
  /** Scaling a version by hand: `/apps/:app/versions/:version/scale`. */
  readonly scaling: VersionScaling;

  static create(options: AppServiceOptions): AppService {
    return new AppService(options);
  }

  private readonly checks: AppChecks;
  private readonly pullSecrets: AppPullSecrets;
  private readonly cellsOfApps: AppCells;

  private constructor(private readonly options: AppServiceOptions) {
    this.checks = new AppChecks(options);
    this.pullSecrets = new AppPullSecrets(options);
    this.versions = new VersionService(options, this.checks);
    this.scaling = new VersionScaling(options, this.checks);
    this.cellsOfApps = new AppCells(options, this.checks, this.pullSecrets);
  }

  /**
   * One page of the apps the caller may see, ordered by name, optionally those whose name
   * contains `q`. The visibility filter is part of the database query, so pages, their sizes and
   * cursors count visible apps only. `page` comes from `parsePageQuery(req.query, 1)` (default:
   * the first page of the default size).
   */
  async listApps(
    credentials: BackstageCredentials,
    query: { q?: string; page?: PageRequest } = {},
  ): Promise<Page<App>> {
    const { limit, after } = query.page ?? {
      limit: DEFAULT_PAGE_LIMITS.defaultLimit,
    };
    const filter = await this.options.access.getListFilter(credentials, 'app');
    if (filter.kind === 'none') {
      return { items: [] };
    }
    const rows = await this.options.store.listApps({
      filter,
      q: query.q,
      limit: limit + 1,
      after: after?.[0],
    });
    return pageOfRows(rows, limit, app => [app.name]);
  }

  /** One app; 404 when it does not exist or the caller may not see it. */
  async getApp(credentials: BackstageCredentials, name: string): Promise<App> {
    await this.options.access.authorize(
      credentials,
      appMatrix.read.permission,
      appRef(name),
    );
    return this.checks.requireApp(name);
  }

  /**
   * Creates an app in its cells (namespace, Service, pull secret) and makes the caller its
   * Owner. 400 for bad names or cells, 409 for a taken name or a namespace Cellport does not
   * own, 503 when a cell does not answer (nothing changed).
   */
  async createApp(
    credentials: BackstageCredentials,
    input: NewApp,
    options: ChangeOptions & { pullSecretDockerConfigJson?: string } = {},
  ): Promise<App> {
    const { store } = this.options;
    const body = { ...input };
    await this.checks.authorizeCreate(credentials);
    validateAppName(body.name);
    const region = validateAppCells({
      chosen: body.cells,
      known: await this.options.cells.getCells(),
      production: body.production,
    });
    if (await store.getApp(body.name)) {
      throw new ConflictError(`An app named '${body.name}' already exists`);
    }
    body.componentRef = await this.checks.checkReferences(credentials, body);
    const { quota } = this.options;
    if (!quota)
      return this.createChecked(credentials, body, region, [], options);
    const ownerGroups = await quota.ownerGroupsOfNewApp(
      credentials,
      body.componentRef,
    );
    // the quota check, the creation and its record at once: no concurrent creation slips between
    return quota.exclusive(ownerGroups, async () => {
      await quota.checkNewApp(ownerGroups);
      return this.createChecked(
        credentials,
        body,
        region,
        ownerGroups,
        options,
      );
    });
  }

  /** Creates an app whose input and quota were checked. */
  private async createChecked(
    credentials: BackstageCredentials,
    body: NewApp,
    region: string,
    ownerGroups: string[],
    options: ChangeOptions & { pullSecretDockerConfigJson?: string },
  ): Promise<App> {
    const { store, workloads, access, logger } = this.options;
    await this.checks.requireReachable(body.cells);
    await this.checks.requireNamespacesFree(body.name, body.cells);
    const pullSecretDockerConfigJson =
      options.pullSecretDockerConfigJson ??
      (await this.pullSecrets.forApp(credentials, body.name, body.imageRepository));

    const app = await store.createApp({
      name: body.name,
      description: body.description,
      componentRef: body.componentRef,
      production: body.production,
      region,
      cells: body.cells.map(cell => ({ cell, drifted: false })),
      imageRepository: body.imageRepository,
      createdBy: actorOf(credentials),
    });
    try {
      await access.registerResource(credentials, appRef(app.name), {
        request: options.request,
      });
    } catch (e) {
      await store.deleteApp(app.name);
      throw e;
    }

    const touched: string[] = [];
    try {
      for (const cell of body.cells) {
        touched.push(cell);
        await workloads.ensureApp(cell, {
          name: app.name,
          pullSecretDockerConfigJson,
        });
      }
    } catch (e) {
      logger.warn('App creation failed in a cell; rolling back', {
        app: app.name,
        cells: touched.join(','),
        error: String(e),
      });
      await Promise.all(
        touched.map(cell =>
          workloads.deleteApp(cell, app.name).catch(err =>
            logger.error('Rollback of an app in a cell failed', {
              app: app.name,
              cell,
              error: String(err),
            }),
          ),
        ),
      );
      await store.deleteApp(app.name);
      await access
        .unregisterResource(credentials, appRef(app.name))
        .catch(() => {});
      await this.pullSecrets.revoke(app);
      throw e;
    }
    await this.options.quota?.recordApp(app.name, ownerGroups);
    logger.info('App created', {
      app: app.name,
      cells: body.cells.join(','),
      actor: actorOf(credentials),
    });
    return app;
  }

  /** Adds a cell of its region to an app (Master): see {@link AppCells.add}. */
  addCell(credentials: BackstageCredentials, app: string, body: NewAppCell): Promise<App> {
    return this.cellsOfApps.add(credentials, app, body);
  }

  /**
   * Changes an app's settings (Master). A new image repository gets its pull secret in every
   * cell of the app first (503 when a cell does not answer: nothing changed); Deployments of
   * later versions reference it.
   */
  async updateApp(
    credentials: BackstageCredentials,
    name: string,
    input: AppChange,
  ): Promise<App> {
    const { store, workloads, logger } = this.options;
    const body = { ...input };
    await this.options.access.authorize(
      credentials,
      appMatrix.update.permission,
      appRef(name),
    );
    const app = await this.checks.requireApp(name);
    if (body.componentRef) {
      body.componentRef = await this.checks.checkReferences(credentials, {
        componentRef: body.componentRef,
      });
    }
    if (body.imageRepository && body.imageRepository !== app.imageRepository) {
      await this.checks.checkReferences(credentials, {
        imageRepository: body.imageRepository,
      });
    }
    const next = body.imageRepository;
    const repositoryChanged =
      typeof next === 'string' && next !== app.imageRepository;
    let renewed = false;
    if (repositoryChanged) {
      const pullSecretDockerConfigJson = await this.pullSecrets.forApp(
        credentials,
        name,
        next,
      );
      if (pullSecretDockerConfigJson) {
        const cells = app.cells.map(c => c.cell);
        await this.checks.requireReachable(cells);
        for (const cell of cells) {
          await workloads.ensureApp(cell, { name, pullSecretDockerConfigJson });
        }
        renewed = true;
        logger.info('App image pull secret updated', {
          app: name,
          imageRepository: next,
          cells: cells.join(','),
          actor: actorOf(credentials),
        });
      }
    }
    const updated = await store.updateApp(name, body);
    if (
      renewed &&
      repositoryChanged &&
      app.imageRepository &&
      app.imageRepository.split('/')[0] !== next.split('/')[0]
    ) {
      // the robot of the former group, now unused; one of the same group was replaced
      await this.pullSecrets.revoke(app);
    }
    return updated;
  }

  /**
   * Deletes an app from every cell, then forgets it (Owner). 503 when a cell does not answer:
   * the app stays, so that a retry finishes the job.
   */
  async deleteApp(
    credentials: BackstageCredentials,
    name: string,
    options: ChangeOptions = {},
  ): Promise<void> {
    const { access, store, workloads, logger, guards } = this.options;
    await access.authorize(
      credentials,
      appMatrix.delete.permission,
      appRef(name),
    );
    const app = await this.checks.requireApp(name);
    await guards?.beforeDeleteApp?.(name);
    const cells = app.cells.map(c => c.cell);
    await this.checks.requireReachable(cells);
    await Promise.all(cells.map(cell => workloads.deleteApp(cell, name)));
    await store.deleteApp(name);
    await access.unregisterResource(credentials, appRef(name), {
      request: options.request,
    });
    await this.pullSecrets.revoke(app);
    await guards?.afterDeleteApp?.(name);
    logger.info('App deleted', { app: name, actor: actorOf(credentials) });
  }
}
