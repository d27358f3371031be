import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { appCreatePermission } from '@cellport/plugin-access-common';
import { App } from '@cellport/plugin-cells-common';
import { checkVersionFits } from './capacity';
import { AppServiceOptions } from './types';

/**
 * The checks an app or version change makes against the world before it touches a cell: the app
 * exists, the caller may create apps, the catalog Component and registry repository it names,
 * the cells' node capacity, and every cell concerned answering. Each throws the Backstage error
 * the caller sees.
 *
 * @public
 */
export class AppChecks {
  constructor(private readonly options: AppServiceOptions) {}

  /** The app, or NotFoundError. */
  async requireApp(name: string): Promise<App> {
    const app = await this.options.store.getApp(name);
    if (!app) {
      throw new NotFoundError(`App '${name}' not found`);
    }
    return app;
  }

  /** NotAllowedError unless the caller holds the (non-resource) app create permission. */
  async authorizeCreate(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: appCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create apps');
    }
  }

  /**
   * Checks the catalog Component and registry repository an app input names (the caller must see
   * them); returns the canonical componentRef.
   */
  async checkReferences(
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
  async checkCapacity(spec: Parameters<typeof checkVersionFits>[0]): Promise<void> {
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

  /**
   * ConflictError when a cell has a namespace of the app's name that Cellport did not create
   * for it, or one still being deleted: the app cannot take the namespace there.
   */
  async requireNamespacesFree(app: string, cells: string[]): Promise<void> {
    const { workloads } = this.options;
    const states = await Promise.all(
      cells.map(async cell => ({
        cell,
        state: await workloads.getNamespaceState(cell, app),
      })),
    );
    for (const { cell, state } of states) {
      if (state === 'foreign') {
        throw new ConflictError(
          `cell '${cell}' already has a namespace '${app}' that Cellport did not create for this app; choose another name`,
        );
      }
      if (state === 'terminating') {
        throw new ConflictError(
          `cell '${cell}' is still deleting the namespace '${app}'; try again shortly`,
        );
      }
    }
  }

  /** ServiceUnavailableError naming every cell that does not answer (or is not configured). */
  async requireReachable(cells: string[]): Promise<void> {
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
