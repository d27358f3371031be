import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Page, parsePageQuery } from '@cellport/common';
import { appMatrix } from '@cellport/plugin-access-common';
import {
  AppVersion,
  createVersionRequestSchema,
} from '@cellport/plugin-cells-common';
import { z } from 'zod';
import { actorOf } from './actor';
import { exclusiveForApp } from '../quota/QuotaService';
import { AppChecks } from './AppChecks';
import { appRef, AppServiceOptions } from './types';
import { validateVersion } from './validation';

/**
 * A version to create, as parsed by `createVersionRequestSchema` (defaults filled in).
 *
 * @public
 */
export type NewVersion = z.output<typeof createVersionRequestSchema>;

/**
 * An app's versions: list, create (the first deploy to cells serving none yet) and remove. The
 * routes of `/apps/:app/versions`; a new version reaches cells already serving one through a
 * release.
 *
 * @public
 */
export class VersionService {
  constructor(
    private readonly options: AppServiceOptions,
    private readonly checks: AppChecks,
  ) {}

  /**
   * One page of the app's versions, newest first. `query` is the request's (`limit`, `cursor`):
   * it is read after the caller's access, so a non-member gets the 404 of a hidden app whatever
   * it holds; a bad one is a 400 (InputError).
   */
  async list(
    credentials: BackstageCredentials,
    app: string,
    query: { limit?: unknown; cursor?: unknown } = {},
  ): Promise<Page<AppVersion>> {
    await this.options.access.authorize(
      credentials,
      appMatrix.read.permission,
      appRef(app),
    );
    await this.checks.requireApp(app);
    const { limit, after } = parsePageQuery(query, 1);
    let beforeId: number | undefined;
    if (after) {
      if (!/^[1-9][0-9]{0,14}$/.test(after[0])) {
        throw new InputError(
          'invalid cursor: pass the nextCursor of a previous page',
        );
      }
      beforeId = Number(after[0]);
    }
    return this.options.store.listVersionPage(app, { limit, beforeId });
  }

  /**
   * Creates a version (Master). Cells that serve no version yet get it right away with its
   * replicas, and it becomes their stable version (the first deploy); cells that serve one are
   * left to a release.
   */
  async create(
    credentials: BackstageCredentials,
    appName: string,
    body: NewVersion,
  ): Promise<AppVersion> {
    await this.options.access.authorize(
      credentials,
      appMatrix.deploy.permission,
      appRef(appName),
    );
    // the quota check, the first deploy and its usage at once: no concurrent change slips between
    return exclusiveForApp(this.options.quota, appName, () =>
      this.createAuthorized(credentials, appName, body),
    );
  }

  private async createAuthorized(
    credentials: BackstageCredentials,
    appName: string,
    body: NewVersion,
  ): Promise<AppVersion> {
    const { store, workloads, logger } = this.options;
    const app = await this.checks.requireApp(appName);
    validateVersion(app, body);
    await this.checks.checkCapacity(body.spec);
    // a private image runs only for who may pull it (hidden and missing look the same)
    await this.options.imageAccess?.checkImage(body.spec.image, credentials);
    if (await store.getVersion(appName, body.name)) {
      throw new ConflictError(
        `App '${appName}' already has a version '${body.name}'`,
      );
    }
    const firstDeploy = app.cells
      .filter(c => !c.stableVersion)
      .map(c => c.cell);
    await this.checks.requireReachable(firstDeploy);
    await this.options.quota?.checkDeploy(appName, body.spec, firstDeploy);
    const version = await store.createVersion({
      app: appName,
      name: body.name,
      spec: body.spec,
      createdBy: actorOf(credentials),
    });
    const deployed: string[] = [];
    try {
      for (const cell of firstDeploy) {
        deployed.push(cell);
        await workloads.applyVersion(
          cell,
          appName,
          { name: body.name, spec: body.spec },
          body.spec.replicas[cell] ?? 0,
        );
        await store.setStableVersion(appName, cell, body.name);
      }
    } catch (e) {
      logger.warn('Version deploy failed in a cell; rolling back', {
        app: appName,
        version: body.name,
        cells: deployed.join(','),
        error: String(e),
      });
      for (const cell of deployed) {
        await workloads.removeVersion(cell, appName, body.name).catch(err =>
          logger.error('Rollback of a version in a cell failed', {
            app: appName,
            version: body.name,
            cell,
            error: String(err),
          }),
        );
        await store.setStableVersion(appName, cell, null);
      }
      await store.deleteVersion(appName, body.name);
      throw e;
    }
    if (firstDeploy.length > 0 && !app.currentVersion) {
      await store.setCurrentVersion(appName, body.name);
    }
    if (firstDeploy.length > 0) {
      await this.options.operations?.record({
        kind: 'deploy',
        app: appName,
        version: body.name,
        actor: actorOf(credentials),
      });
    }
    logger.info('Version created', {
      app: appName,
      version: body.name,
      deployedTo: firstDeploy.join(','),
      actor: actorOf(credentials),
    });
    return version;
  }

  /**
   * Removes a version from every cell and forgets it (Master). 409 while a cell serves it as
   * its stable version.
   */
  async remove(
    credentials: BackstageCredentials,
    appName: string,
    versionName: string,
  ): Promise<void> {
    const { store, workloads, logger, guards } = this.options;
    await this.options.access.authorize(
      credentials,
      appMatrix.deploy.permission,
      appRef(appName),
    );
    const app = await this.checks.requireApp(appName);
    if (!(await store.getVersion(appName, versionName))) {
      throw new NotFoundError(
        `App '${appName}' has no version '${versionName}'`,
      );
    }
    const serving = app.cells
      .filter(c => c.stableVersion === versionName)
      .map(c => c.cell);
    if (serving.length > 0) {
      throw new ConflictError(
        `version '${versionName}' is the stable version of cell${
          serving.length > 1 ? 's' : ''
        } ${serving.join(', ')}; release another version there first`,
      );
    }
    await guards?.beforeRemoveVersion?.(appName, versionName);
    const cells = app.cells.map(c => c.cell);
    await this.checks.requireReachable(cells);
    await Promise.all(
      cells.map(cell => workloads.removeVersion(cell, appName, versionName)),
    );
    await store.deleteVersion(appName, versionName);
    logger.info('Version removed', {
      app: appName,
      version: versionName,
      actor: actorOf(credentials),
    });
  }
}
