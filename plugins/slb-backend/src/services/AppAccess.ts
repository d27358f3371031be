import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { findAccessMatrixRow, ROLE_TITLES } from '@cellport/plugin-access-common';
import { slbPermissions } from '@cellport/plugin-slb-common';

const appRef = (app: string) => `app:${app}`;

/**
 * Domain permissions through the app they belong to: the permission framework asks the cells
 * plugin (which owns apps and their members), so non-members get 404 and weaker roles 403.
 */
export class AppAccess {
  constructor(private readonly permissions: PermissionsService) {}

  /** Throws NotFoundError for callers who cannot see the app, NotAllowedError when their role is too weak. */
  async authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    app: string,
    notFoundMessage = `App '${app}' not found`,
  ): Promise<void> {
    const [decision, read] = await this.permissions.authorize(
      [
        { permission, resourceRef: appRef(app) },
        { permission: slbPermissions.domainRead, resourceRef: appRef(app) },
      ],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    if (read.result !== AuthorizeResult.ALLOW) throw new NotFoundError(notFoundMessage);
    const row = findAccessMatrixRow(permission.name);
    throw new NotAllowedError(
      `You may not manage domains of app '${app}'${row ? `: it needs the ${ROLE_TITLES[row.minimumRole]} role` : ''}`,
    );
  }

  /** The apps among `apps` the caller may see. */
  async visibleApps(credentials: BackstageCredentials, apps: string[]): Promise<Set<string>> {
    const unique = [...new Set(apps)];
    if (unique.length === 0) return new Set();
    const decisions = await this.permissions.authorize(
      unique.map(app => ({ permission: slbPermissions.domainRead, resourceRef: appRef(app) })),
      { credentials },
    );
    return new Set(unique.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
  }

  /** Whether the caller holds a basic permission (platform admin checks). */
  async isAllowed(credentials: BackstageCredentials, permission: BasicPermission): Promise<boolean> {
    const [d] = await this.permissions.authorize([{ permission }], { credentials });
    return d.result === AuthorizeResult.ALLOW;
  }
}
