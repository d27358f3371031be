import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  CatalogClaimsResolver,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
import { decideBackstagePermission } from './backstageDefaults';

/**
 * Config key naming the catalog Group whose members are platform admins.
 *
 * @public
 */
export const PLATFORM_ADMIN_GROUP_CONFIG = 'cellport.platformAdminGroup';

/**
 * The Cellport permission policy.
 *
 * - Cellport permissions (apps, image groups and repositories, build configs, admin view) are
 *   decided by {@link @cellport/plugin-access-node#CellportAccessPolicy}: members and roles, public
 *   repositories, platform admins.
 * - Members of the platform admin group (config `cellport.platformAdminGroup`, sub-groups
 *   included) may do everything.
 * - Backstage's own permissions (catalog, scaffolder) get the defaults of
 *   {@link BACKSTAGE_PERMISSION_DEFAULTS}: e.g. catalog entities are deleted or refreshed only by
 *   their owners, locations registered only by platform admins, scaffolder tasks read and
 *   cancelled only by their creators. A permission it does not know is allowed for `read` and
 *   refused otherwise.
 *
 * @public
 */
export class CellportPermissionPolicy implements PermissionPolicy {
  /** Reads the platform admin group and the group cache time from config. */
  static fromConfig(
    config: Config,
    options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ): CellportPermissionPolicy {
    const seconds = config.getOptionalNumber(
      'cellport.access.groupCacheSeconds',
    );
    const access = CellportAccessPolicy.create({
      claimsResolver: CatalogClaimsResolver.create({
        ...options,
        cacheTtlMs: seconds === undefined ? undefined : seconds * 1000,
      }),
      platformAdminGroup: config.getOptionalString(PLATFORM_ADMIN_GROUP_CONFIG),
    });
    return new CellportPermissionPolicy(access);
  }

  /** Wraps a configured access policy. */
  constructor(private readonly access: CellportAccessPolicy) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const cellportDecision = await this.access.decide(request, user);
    if (cellportDecision) {
      return cellportDecision;
    }
    if (await this.access.isPlatformAdmin(user)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = await this.access.claimsOf(user);
    const userEntityRef = user?.info.userEntityRef;
    return decideBackstagePermission(
      request.permission,
      userEntityRef ? { userEntityRef, claims: claims ?? [userEntityRef] } : undefined,
    );
  }
}
