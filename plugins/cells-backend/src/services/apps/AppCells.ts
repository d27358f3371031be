import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { appMatrix } from '@cellport/plugin-access-common';
import { addAppCellRequestSchema, App } from '@cellport/plugin-cells-common';
import { z } from 'zod';
import { actorOf } from './actor';
import { exclusiveForApp } from '../quota/QuotaService';
import { AppChecks } from './AppChecks';
import { AppPullSecrets } from './AppPullSecrets';
import { appRef, AppServiceOptions } from './types';

/**
 * A cell to add to an app, as parsed by `addAppCellRequestSchema`.
 *
 * @public
 */
export type NewAppCell = z.output<typeof addAppCellRequestSchema>;

/**
 * Adding a cell to an existing app (`POST /apps/:app/cells`): the app's namespace, Service and
 * pull secret in the new cell (made as app creation makes them), and optionally one of the app's
 * versions as the cell's first version. Everything is checked before the cell is touched; a
 * failure in the cell removes what was made there and the app keeps its cells.
 *
 * @public
 */
export class AppCells {
  constructor(
    private readonly options: AppServiceOptions,
    private readonly checks: AppChecks,
    private readonly pullSecrets: AppPullSecrets,
  ) {}

  /**
   * Adds a cell of the app's region to the app (Master). 400 for a cell of another region or an
   * unknown one, 404 for an unknown app or version, 409 when the app runs there already or the
   * cell's namespace is not the app's, a quota's refusal when the version's requests in the new
   * cell would exceed it, 503 when the cell does not answer (nothing changed). A version run
   * there counts as a deploy in the admin view's operations.
   */
  async add(
    credentials: BackstageCredentials,
    appName: string,
    body: NewAppCell,
  ): Promise<App> {
    await this.options.access.authorize(
      credentials,
      appMatrix.update.permission,
      appRef(appName),
    );
    // the quota check, the new cell's pods and their usage at once
    return exclusiveForApp(this.options.quota, appName, () =>
      this.addAuthorized(credentials, appName, body),
    );
  }

  private async addAuthorized(
    credentials: BackstageCredentials,
    appName: string,
    body: NewAppCell,
  ): Promise<App> {
    const { store, workloads, logger } = this.options;
    const app = await this.checks.requireApp(appName);
    const { cell } = body;
    await this.checkCell(app, cell);
    const first = body.version
      ? await this.firstVersion(credentials, app, cell, body)
      : undefined;
    await this.checks.requireReachable([cell]);
    if (first) {
      // the new cell's pods count against the app's owner groups' quotas
      const spec = { ...first.version.spec, replicas: { [cell]: first.replicas } };
      await this.options.quota?.checkDeploy(app.name, spec, [cell]);
    }
    await this.checks.requireNamespacesFree(app.name, [cell]);
    const pullSecretDockerConfigJson = await this.pullSecrets.forApp(
      credentials,
      app.name,
      app.imageRepository,
    );
    let updated: App;
    try {
      await workloads.ensureApp(cell, {
        name: app.name,
        pullSecretDockerConfigJson,
      });
      if (first) {
        await workloads.applyVersion(
          cell,
          app.name,
          { name: first.version.name, spec: first.version.spec },
          first.replicas,
        );
      }
      updated = await store.addAppCell(
        app.name,
        cell,
        first && { version: first.version.name, replicas: first.replicas },
      );
    } catch (e) {
      logger.warn('Adding a cell to an app failed; rolling back', {
        app: app.name,
        cell,
        error: String(e),
      });
      await workloads.deleteApp(cell, app.name).catch(err =>
        logger.error('Rollback of an app in a cell failed', {
          app: app.name,
          cell,
          error: String(err),
        }),
      );
      throw e;
    }
    if (first) {
      await this.options.operations?.record({
        kind: 'deploy',
        app: app.name,
        version: first.version.name,
        cell,
        actor: actorOf(credentials),
      });
    }
    logger.info('App cell added', {
      app: app.name,
      cell,
      version: first?.version.name ?? '',
      replicas: first?.replicas ?? 0,
      actor: actorOf(credentials),
    });
    return updated;
  }

  /** The cell is configured, of the app's region, and not one of the app's cells yet. */
  private async checkCell(app: App, cell: string): Promise<void> {
    if (app.cells.some(c => c.cell === cell)) {
      throw new ConflictError(`App '${app.name}' already runs in cell '${cell}'`);
    }
    const known = await this.options.cells.getCells();
    const config = known.find(c => c.name === cell);
    if (!config) {
      throw new InputError(
        `unknown cell '${cell}': choose a cell the portal knows (GET /regions)`,
      );
    }
    if (config.region !== app.region) {
      const others = known
        .filter(
          c =>
            c.region === app.region && !app.cells.some(a => a.cell === c.name),
        )
        .map(c => c.name);
      throw new InputError(
        `cell '${cell}' is in region '${config.region}'; app '${app.name}' runs in region '${app.region}'${
          others.length
            ? ` (cells it could add: ${others.join(', ')})`
            : ', which has no other cell'
        }`,
      );
    }
  }

  /** The version to run in the new cell, checked against the cell's capacity and the image. */
  private async firstVersion(
    credentials: BackstageCredentials,
    app: App,
    cell: string,
    body: NewAppCell,
  ) {
    const version = await this.options.store.getVersion(
      app.name,
      body.version!,
    );
    if (!version) {
      throw new NotFoundError(
        `App '${app.name}' has no version '${body.version}'`,
      );
    }
    const autoscaling = version.spec.autoscaling;
    if (autoscaling && body.replicas !== undefined) {
      throw new InputError(
        `version '${version.name}' autoscales between ${autoscaling.minReplicas} and ${autoscaling.maxReplicas} replicas; leave replicas out`,
      );
    }
    const replicas = autoscaling?.minReplicas ?? body.replicas ?? 1;
    await this.checks.checkCapacity({
      ...version.spec,
      replicas: { [cell]: replicas },
    });
    await this.options.imageAccess?.checkImage(version.spec.image, credentials);
    // the new cell's requests count against the app's owner groups' quotas
    await this.options.quota?.checkDeploy(
      app.name,
      { ...version.spec, replicas: { [cell]: replicas } },
      [cell],
    );
    return { version, replicas };
  }
}
