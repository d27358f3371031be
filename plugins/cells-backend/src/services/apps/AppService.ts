import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { appCreatePermission, appMatrix } from '@cellport/plugin-access-common';
import type { AccessService } from '@cellport/plugin-access-node';
import {
  App,
  AppVersion,
  CellStatus,
  CellVersionStatus,
  createAppRequestSchema,
  createVersionRequestSchema,
  scaleRequestSchema,
  updateAppRequestSchema,
} from '@cellport/plugin-cells-common';
import type { Request } from 'express';
import { z } from 'zod';
import { AppListing, AppStore } from '../../database/types';
import { CellSupplier } from '@cellport/plugin-cells-node';
import { CellDiagnostics, CellWorkloads } from '../kube/types';
import { AppReferences } from './AppReferences';
import type { ImageAccessCheck } from './ImageAccess';
import { checkVersionFits } from './capacity';
import { PullCredentialsProvider } from './PullCredentials';
import {
  validateAppCells,
  validateAppName,
  validateVersion,
} from './validation';

/**
 * The part of the access library's AccessService the app services use (a test may fake it).
 *
 * @public
 */
export type AppAccess = Pick<
  AccessService,
  | 'authorize'
  | 'isAllowed'
  | 'getListFilter'
  | 'registerResource'
  | 'unregisterResource'
>;

/**
 * Checks other parts of the plugin make before an app or version goes away (e.g. the release
 * engine refuses while a release uses them): throw a ConflictError to refuse.
 *
 * @public
 */
export interface AppGuards {
  beforeDeleteApp?(app: string): Promise<void>;
  /** Called once the app is gone from every cell and the store, to forget what belongs to it. */
  afterDeleteApp?(app: string): Promise<void>;
  beforeRemoveVersion?(app: string, version: string): Promise<void>;
}

/**
 * Options of {@link AppService.create}.
 *
 * @public
 */
export interface AppServiceOptions {
  store: AppStore & AppListing;
  workloads: CellWorkloads & CellDiagnostics;
  cells: CellSupplier;
  access: AppAccess;
  /** Decides the (non-resource) create permission. */
  permissions: PermissionsService;
  logger: LoggerService;
  guards?: AppGuards;
  /** The image pull secrets of apps with an image repository; none without it. */
  pullCredentials?: PullCredentialsProvider;
  /** Checks componentRef and imageRepository; without it they are stored as given. */
  references?: AppReferences;
  /** Checks the version creator's pull right on its image; without it images are not checked. */
  imageAccess?: ImageAccessCheck;
  /** A cell's last status (its nodes' allocatable capacity); without it versions are not sized. */
  cellStatus?(cell: string): Promise<CellStatus | undefined>;
}

type CreateApp = z.input<typeof createAppRequestSchema>;
type UpdateApp = z.input<typeof updateAppRequestSchema>;
type CreateVersion = z.input<typeof createVersionRequestSchema>;
type Scale = z.input<typeof scaleRequestSchema>;

/** Options every change accepts: the request, for the audit log. */
type ChangeOptions = { request?: Request<any, any, any, any, any> };

/**
 * The user (or service) acting, as stored in `createdBy`.
 *
 * @public
 */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef.toLocaleLowerCase('en-US');
  }
  return principal.type === 'service'
    ? `service:${principal.subject}`
    : 'unknown';
}

const appRef = (name: string) => ({ kind: 'app' as const, name });

/**
 * Apps and their versions across cells: validation, permissions (through the access library,
 * kind `app`) and orchestration of the cells. Nothing touches a cell before the input was
 * checked and every cell concerned answered; a cell failing midway is rolled back.
 *
 * @public
 */
export class AppService {
  static create(options: AppServiceOptions): AppService {
    return new AppService(options);
  }

  private constructor(private readonly options: AppServiceOptions) {}

  // ---- apps ----------------------------------------------------------------------------------

  /** The caller's apps (those they may see), optionally whose name contains `q`. */
  async listApps(
    credentials: BackstageCredentials,
    query: { q?: string } = {},
  ): Promise<App[]> {
    const filter = await this.options.access.getListFilter(credentials, 'app');
    if (filter.kind === 'none') {
      return [];
    }
    return this.options.store.listApps({ filter, q: query.q });
  }

  /** One app; 404 when it does not exist or the caller may not see it. */
  async getApp(credentials: BackstageCredentials, name: string): Promise<App> {
    await this.options.access.authorize(
      credentials,
      appMatrix.read.permission,
      appRef(name),
    );
    return this.requireApp(name);
  }

  /**
   * Creates an app in its cells (namespace, Service, pull secret) and makes the caller its
   * Owner. 400 for bad names or cells, 409 for a taken name or a namespace Cellport does not
   * own, 503 when a cell does not answer (nothing changed).
   */
  async createApp(
    credentials: BackstageCredentials,
    input: CreateApp,
    options: ChangeOptions & { pullSecretDockerConfigJson?: string } = {},
  ): Promise<App> {
    const { store, workloads, access, logger } = this.options;
    const body = parse(createAppRequestSchema, input);
    await this.authorizeCreate(credentials);
    validateAppName(body.name);
    const region = validateAppCells({
      chosen: body.cells,
      known: await this.options.cells.getCells(),
      production: body.production,
    });
    if (await store.getApp(body.name)) {
      throw new ConflictError(`An app named '${body.name}' already exists`);
    }
    body.componentRef = await this.checkReferences(credentials, body);
    await this.requireReachable(body.cells);
    const states = await Promise.all(
      body.cells.map(async cell => ({
        cell,
        state: await workloads.getNamespaceState(cell, body.name),
      })),
    );
    for (const { cell, state } of states) {
      if (state === 'foreign') {
        throw new ConflictError(
          `cell '${cell}' already has a namespace '${body.name}' that Cellport did not create for this app; choose another name`,
        );
      }
      if (state === 'terminating') {
        throw new ConflictError(
          `cell '${cell}' is still deleting the namespace '${body.name}'; try again shortly`,
        );
      }
    }
    const pullSecretDockerConfigJson =
      options.pullSecretDockerConfigJson ??
      (await this.pullSecretFor(credentials, body.name, body.imageRepository));

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
      await this.revokePullSecret(app);
      throw e;
    }
    logger.info('App created', {
      app: app.name,
      cells: body.cells.join(','),
      actor: actorOf(credentials),
    });
    return app;
  }

  /**
   * Changes an app's settings (Master). A new image repository gets its pull secret in every
   * cell of the app first (503 when a cell does not answer: nothing changed); Deployments of
   * later versions reference it.
   */
  async updateApp(
    credentials: BackstageCredentials,
    name: string,
    input: UpdateApp,
  ): Promise<App> {
    const { store, workloads, logger } = this.options;
    const body = parse(updateAppRequestSchema, input);
    await this.options.access.authorize(
      credentials,
      appMatrix.update.permission,
      appRef(name),
    );
    const app = await this.requireApp(name);
    if (body.componentRef) {
      body.componentRef = await this.checkReferences(credentials, {
        componentRef: body.componentRef,
      });
    }
    if (body.imageRepository && body.imageRepository !== app.imageRepository) {
      await this.checkReferences(credentials, {
        imageRepository: body.imageRepository,
      });
    }
    const next = body.imageRepository;
    const repositoryChanged =
      typeof next === 'string' && next !== app.imageRepository;
    let renewed = false;
    if (repositoryChanged) {
      const pullSecretDockerConfigJson = await this.pullSecretFor(
        credentials,
        name,
        next,
      );
      if (pullSecretDockerConfigJson) {
        const cells = app.cells.map(c => c.cell);
        await this.requireReachable(cells);
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
      await this.revokePullSecret(app);
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
    const app = await this.requireApp(name);
    await guards?.beforeDeleteApp?.(name);
    const cells = app.cells.map(c => c.cell);
    await this.requireReachable(cells);
    await Promise.all(cells.map(cell => workloads.deleteApp(cell, name)));
    await store.deleteApp(name);
    await access.unregisterResource(credentials, appRef(name), {
      request: options.request,
    });
    await this.revokePullSecret(app);
    await guards?.afterDeleteApp?.(name);
    logger.info('App deleted', { app: name, actor: actorOf(credentials) });
  }

  // ---- versions ------------------------------------------------------------------------------

  /** The app's versions, newest first. */
  async listVersions(
    credentials: BackstageCredentials,
    app: string,
  ): Promise<AppVersion[]> {
    await this.options.access.authorize(
      credentials,
      appMatrix.read.permission,
      appRef(app),
    );
    await this.requireApp(app);
    return this.options.store.listVersions(app);
  }

  /**
   * Creates a version (Master). Cells that serve no version yet get it right away with its
   * replicas, and it becomes their stable version (the first deploy); cells that serve one are
   * left to a release.
   */
  async createVersion(
    credentials: BackstageCredentials,
    appName: string,
    input: CreateVersion,
  ): Promise<AppVersion> {
    const { store, workloads, logger } = this.options;
    const body = parse(createVersionRequestSchema, input);
    await this.options.access.authorize(
      credentials,
      appMatrix.deploy.permission,
      appRef(appName),
    );
    const app = await this.requireApp(appName);
    validateVersion(app, body);
    await this.checkCapacity(body.spec);
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
    await this.requireReachable(firstDeploy);
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
    logger.info('Version created', {
      app: appName,
      version: body.name,
      deployedTo: firstDeploy.join(','),
      actor: actorOf(credentials),
    });
    return version;
  }

  /**
   * Scales a version in one cell (Master); scaling down takes the leaving pods out of traffic
   * first.
   */
  async scaleVersion(
    credentials: BackstageCredentials,
    appName: string,
    versionName: string,
    input: Scale,
  ): Promise<CellVersionStatus> {
    const { store, workloads, logger } = this.options;
    const body = parse(scaleRequestSchema, input);
    await this.options.access.authorize(
      credentials,
      appMatrix.scale.permission,
      appRef(appName),
    );
    const app = await this.requireApp(appName);
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
    await this.checkCapacity({
      ...version.spec,
      replicas: { [body.cell]: body.replicas },
    });
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

  /**
   * Removes a version from every cell and forgets it (Master). 409 while a cell serves it as
   * its stable version.
   */
  async removeVersion(
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
    const app = await this.requireApp(appName);
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
    await this.requireReachable(cells);
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

  // ---- helpers -------------------------------------------------------------------------------

  /** Checks the references an app input names; returns the canonical componentRef. */
  private async checkReferences(
    credentials: BackstageCredentials,
    input: { componentRef?: string; imageRepository?: string },
  ): Promise<string | undefined> {
    const { references } = this.options;
    if (input.imageRepository) {
      await references?.checkImageRepository(
        input.imageRepository,
        credentials,
      );
    }
    if (!input.componentRef || !references) {
      return input.componentRef;
    }
    return references.checkComponentRef(input.componentRef, credentials);
  }

  /** InputError when the version's replicas or pods do not fit its cells' nodes. */
  private async checkCapacity(
    spec: Parameters<typeof checkVersionFits>[0],
  ): Promise<void> {
    const { cellStatus } = this.options;
    if (!cellStatus) {
      return;
    }
    const cells = Object.keys(spec.replicas);
    const statuses = await Promise.all(
      cells.map(cell => cellStatus(cell).catch(() => undefined)),
    );
    checkVersionFits(
      spec,
      Object.fromEntries(cells.map((cell, i) => [cell, statuses[i]])),
    );
  }

  /** The app, or NotFoundError. */
  async requireApp(name: string): Promise<App> {
    const app = await this.options.store.getApp(name);
    if (!app) {
      throw new NotFoundError(`App '${name}' not found`);
    }
    return app;
  }

  /** The docker config JSON of the app's pull secret, when it has an image repository. */
  private async pullSecretFor(
    credentials: BackstageCredentials,
    app: string,
    imageRepository: string | undefined,
  ): Promise<string | undefined> {
    const provider = this.options.pullCredentials;
    if (!provider || !imageRepository) {
      return undefined;
    }
    const pull = await provider.forApp({ app, imageRepository, credentials });
    return pull?.dockerConfigJson;
  }

  /** Revokes the robot behind an app's pull secret (best effort). */
  private async revokePullSecret(app: App): Promise<void> {
    const provider = this.options.pullCredentials;
    if (!provider?.revoke || !app.imageRepository) {
      return;
    }
    await provider
      .revoke({ app: app.name, imageRepository: app.imageRepository })
      .catch(e =>
        this.options.logger.warn('Pull secret robot not revoked', {
          app: app.name,
          error: String(e),
        }),
      );
  }

  private async authorizeCreate(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: appCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create apps');
    }
  }

  /** ServiceUnavailableError naming every cell that does not answer (or is not configured). */
  private async requireReachable(cells: string[]): Promise<void> {
    const results = await Promise.all(
      cells.map(async cell => {
        try {
          return (await this.options.workloads.isReachable(cell))
            ? undefined
            : `cell '${cell}' is unreachable`;
        } catch (e) {
          return e instanceof NotFoundError
            ? `cell '${cell}' is not configured any more`
            : `cell '${cell}' is unreachable`;
        }
      }),
    );
    const problems = results.filter((r): r is string => Boolean(r));
    if (problems.length > 0) {
      throw new ServiceUnavailableError(
        `${problems.join('; ')}; nothing was changed, try again when ${
          problems.length > 1 ? 'they answer' : 'it answers'
        }`,
      );
    }
  }
}

/** Parses with a zod schema; InputError naming the first problems. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .slice(0, 5)
        .map(i =>
          i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
        )
        .join('; '),
    );
  }
  return result.data;
}
