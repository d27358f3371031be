/**
 * Decisions on an app (`app:<name>`) for plugins that hang their resources under apps (domains,
 * dashboards, alerts): one home for the "404 to strangers, 403 to weaker roles" check.
 */
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
import {
  appPermissions,
  findAccessMatrixRow,
  ROLE_TITLES,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';

/**
 * How a plugin words and decides its app checks.
 *
 * @public
 */
export interface AppAccessOptions {
  /**
   * The permission that means "may see the app" (default `app.read`); a caller without it gets a
   * NotFoundError, so non-members learn nothing about the app.
   */
  readPermission?: ResourcePermission;
  /**
   * What the caller may not do, for the NotAllowedError: `You may not <action> …` (default
   * `<permission name> on app '<app>'`).
   */
  describeDenied?: (permission: ResourcePermission, app: string) => string;
}

/**
 * Checks what a caller may do on an app through Backstage's permission framework. The cells plugin
 * owns apps and their members, so decisions on `app:<name>` are evaluated by its permission rules;
 * other plugins (slb, observability) ask through this class.
 *
 * @public
 */
export class AppAccess {
  private readonly readPermission: ResourcePermission;
  private readonly describeDenied: (
    permission: ResourcePermission,
    app: string,
  ) => string;

  constructor(
    private readonly permissions: PermissionsService,
    options: AppAccessOptions = {},
  ) {
    this.readPermission = options.readPermission ?? appPermissions.read;
    this.describeDenied =
      options.describeDenied ??
      ((permission, app) => `${permission.name} on app '${app}'`);
  }

  /**
   * Returns when the caller may perform `permission` on the app; throws NotFoundError when they
   * may not even see it, NotAllowedError (naming the role it needs) when their role is too weak.
   */
  async authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    app: string,
    notFoundMessage = `App '${app}' not found`,
  ): Promise<void> {
    const resourceRef = appResourceRef(app);
    const [decision, read] = await this.permissions.authorize(
      [
        { permission, resourceRef },
        { permission: this.readPermission, resourceRef },
      ],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return;
    }
    if (read.result !== AuthorizeResult.ALLOW) {
      throw new NotFoundError(notFoundMessage);
    }
    const row = findAccessMatrixRow(permission.name);
    throw new NotAllowedError(
      `You may not ${this.describeDenied(permission, app)}${
        row ? `: it needs the ${ROLE_TITLES[row.minimumRole]} role` : ''
      }`,
    );
  }

  /** The apps among `apps` the caller may see (one batched permission request). */
  async visibleApps(
    credentials: BackstageCredentials,
    apps: string[],
  ): Promise<Set<string>> {
    const unique = [...new Set(apps)];
    if (unique.length === 0) {
      return new Set();
    }
    const decisions = await this.permissions.authorize(
      unique.map(app => ({
        permission: this.readPermission,
        resourceRef: appResourceRef(app),
      })),
      { credentials },
    );
    return new Set(
      unique.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  /** Whether the caller holds a basic permission (platform admin checks). */
  async isAllowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }
}

function appResourceRef(app: string): string {
  return stringifyResourceRef({ kind: 'app', name: app });
}
