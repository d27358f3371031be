import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { appMatrix } from '@cellport/plugin-access-common';
import {
  CellVersionStatus,
  scaleRequestSchema,
} from '@cellport/plugin-cells-common';
import { z } from 'zod';
import { actorOf } from './actor';
import { exclusiveForApp } from '../quota/QuotaService';
import { AppChecks } from './AppChecks';
import { appRef, AppServiceOptions } from './types';

/**
 * A scale request, as parsed by `scaleRequestSchema`.
 *
 * @public
 */
export type ScaleTo = z.output<typeof scaleRequestSchema>;

/**
 * Scaling a version in one cell by hand (`POST /apps/:app/versions/:version/scale`): checked
 * against the cell's capacity and the version's autoscaling; pods leaving go out of traffic first.
 *
 * @public
 */
export class VersionScaling {
  constructor(
    private readonly options: AppServiceOptions,
    private readonly checks: AppChecks,
  ) {}

  /**
   * Scales a version in one cell (Master); scaling down takes the leaving pods out of traffic
   * first.
   */
  async scale(
    credentials: BackstageCredentials,
    appName: string,
    versionName: string,
    body: ScaleTo,
  ): Promise<CellVersionStatus> {
    await this.options.access.authorize(
      credentials,
      appMatrix.scale.permission,
      appRef(appName),
    );
    // the quota check, the scaling and the record of its replicas at once
    return exclusiveForApp(this.options.quota, appName, () =>
      this.scaleAuthorized(credentials, appName, versionName, body),
    );
  }

  private async scaleAuthorized(
    credentials: BackstageCredentials,
    appName: string,
    versionName: string,
    body: ScaleTo,
  ): Promise<CellVersionStatus> {
    const { store, workloads, logger } = this.options;
    const app = await this.checks.requireApp(appName);
    if (!app.cells.some(c => c.cell === body.cell)) {
      throw new InputError(
        `cell '${body.cell}' is not a cell of app '${appName}'`,
      );
    }
    const version = await store.getVersion(appName, versionName);
    if (!version) {
      throw new NotFoundError(
        `App '${appName}' has no version '${versionName}'`,
      );
    }
    await this.checks.checkCapacity({
      ...version.spec,
      replicas: { [body.cell]: body.replicas },
    });
    await this.options.quota?.checkScale(app, versionName, body.cell, body.replicas);
    if (version.spec.autoscaling && body.replicas > 0) {
      throw new InputError(
        `version '${versionName}' autoscales between ${version.spec.autoscaling.minReplicas} and ${version.spec.autoscaling.maxReplicas} replicas; only scaling it to 0 is possible`,
      );
    }
    const status = await workloads.getVersionStatus(
      body.cell,
      appName,
      versionName,
    );
    if (!status) {
      throw new ConflictError(
        `version '${versionName}' is not deployed in cell '${body.cell}'`,
      );
    }
    if (body.replicas < status.desired) {
      await workloads.drainAndScale(
        body.cell,
        appName,
        versionName,
        body.replicas,
      );
    } else if (body.replicas > status.desired) {
      await workloads.scaleVersion(
        body.cell,
        appName,
        versionName,
        body.replicas,
      );
    }
    await this.options.quota?.recordScale(appName, versionName, body.cell, body.replicas);
    await this.options.operations?.record({
      kind: 'scale',
      app: appName,
      version: versionName,
      cell: body.cell,
      actor: actorOf(credentials),
    });
    logger.info('Version scaled', {
      app: appName,
      version: versionName,
      cell: body.cell,
      from: status.desired,
      to: body.replicas,
      actor: actorOf(credentials),
    });
    return (
      (await workloads.getVersionStatus(body.cell, appName, versionName)) ?? {
        ...status,
        desired: body.replicas,
      }
    );
  }
}
