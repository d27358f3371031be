import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  appPermissions,
  findAccessMatrixRow,
  ROLE_TITLES,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';

/**
 * Checks what a caller may do on an app through Backstage's permission framework: the cells
 * plugin owns apps and their members, so decisions on the resource `app:<name>` are evaluated
 * there (its permission rules). A caller who may not even see the app gets a NotFoundError, so
 * non-members learn nothing; a member whose role is too weak gets a NotAllowedError.
 */
export class AppAccess {
  constructor(private readonly permissions: PermissionsService) {}

  /** Throws unless the caller may perform `permission` on the app. */
  async authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    app: string,
  ): Promise<void> {
    const resourceRef = stringifyResourceRef({ kind: 'app', name: app });
    const [decision, read] = await this.permissions.authorize(
      [
        { permission, resourceRef },
        { permission: appPermissions.read, resourceRef },
      ],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return;
    }
    if (read.result !== AuthorizeResult.ALLOW) {
      throw new NotFoundError(`App '${app}' not found`);
    }
    const row = findAccessMatrixRow(permission.name);
    throw new NotAllowedError(
      `You may not ${permission.name} on app '${app}'${
        row ? `: it needs the ${ROLE_TITLES[row.minimumRole]} role` : ''
      }`,
    );
  }
}
