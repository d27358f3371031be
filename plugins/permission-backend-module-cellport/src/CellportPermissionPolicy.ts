import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isPermission,
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
 * - Catalog entities may be deleted or refreshed only by their owners; catalog locations are
 *   registered and removed only by platform admins.
 * - Everything else is allowed.
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
    const { permission } = request;
    if (
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, catalogLocationDeletePermission)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    if (
      isPermission(permission, catalogEntityDeletePermission) ||
      isPermission(permission, catalogEntityRefreshPermission)
    ) {
      const claims = await this.access.claimsOf(user);
      if (!claims) {
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
