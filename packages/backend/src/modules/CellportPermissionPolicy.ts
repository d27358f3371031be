import { Config } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
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
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';

/** Config key naming the catalog Group whose members are platform admins. */
export const PLATFORM_ADMIN_GROUP_CONFIG = 'cellport.platformAdminGroup';

/**
 * The Cellport permission policy.
 *
 * - Members of the platform admin group (config `cellport.platformAdminGroup`) may do everything.
 * - Catalog entities may be deleted or refreshed only by their owners; catalog locations are
 *   registered and removed only by platform admins.
 * - Everything else is allowed; Cellport plugins add their resource rules on top (members and roles).
 *
 * @public
 */
export class CellportPermissionPolicy implements PermissionPolicy {
  /** Reads the platform admin group from config. */
  static fromConfig(config: Config): CellportPermissionPolicy {
    return new CellportPermissionPolicy(
      config.getOptionalString(PLATFORM_ADMIN_GROUP_CONFIG),
    );
  }

  constructor(private readonly platformAdminGroup?: string) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (this.isPlatformAdmin(user)) {
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
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }

  private isPlatformAdmin(user?: PolicyQueryUser): boolean {
    if (!user || !this.platformAdminGroup) {
      return false;
    }
    return (user.info.ownershipEntityRefs ?? []).includes(
      this.platformAdminGroup,
    );
  }
}
