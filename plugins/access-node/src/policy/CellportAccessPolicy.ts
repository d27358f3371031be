import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  AccessMatrixRow,
  accessPermissionMatrix,
  adminViewPermission,
  appCreatePermission,
  buildConfigCreatePermission,
  imageGroupCreatePermission,
  normalizeEntityRef,
  Role,
} from '@cellport/plugin-access-common';
import { accessConditions } from '../permissions/conditions';
import { ClaimsResolver } from './CatalogClaimsResolver';

/**
 * Options of {@link CellportAccessPolicy.create}.
 *
 * @public
 */
export type CellportAccessPolicyOptions = {
  /** Resolves a user's groups (usually a {@link CatalogClaimsResolver}). */
  claimsResolver: ClaimsResolver;
  /** The Group whose members are platform admins, e.g. `group:default/platform-admins`. */
  platformAdminGroup?: string;
  /** Minimum roles that differ from the default matrix, by permission name. */
  minimumRoles?: Record<string, Role>;
};

const CREATE_PERMISSIONS = new Set([
  appCreatePermission.name,
  imageGroupCreatePermission.name,
  buildConfigCreatePermission.name,
]);

/**
 * The Cellport part of a permission policy: decides every Cellport access permission and leaves
 * the rest to the host policy.
 *
 * - Platform admins are allowed everything.
 * - A matrix permission is a conditional decision: `HAS_ROLE({ minimumRole, claims })`, or
 *   `IS_PUBLIC` as well for seeing and pulling public image groups and repositories. The owning
 *   plugin applies it to one resource or translates it into its list query.
 * - Creating apps, image groups and build configs is allowed to every signed-in user; the admin
 *   view to platform admins only.
 *
 * Use it inside your own policy:
 *
 * ```ts
 * const decision = await access.decide(request, user);
 * if (decision) return decision;
 * ```
 *
 * @public
 */
export class CellportAccessPolicy {
  /** Creates the policy. */
  static create(options: CellportAccessPolicyOptions): CellportAccessPolicy {
    return new CellportAccessPolicy(options);
  }

  private readonly rows: Map<string, AccessMatrixRow>;
  private readonly adminGroup?: string;

  private constructor(private readonly options: CellportAccessPolicyOptions) {
    this.rows = new Map(
      accessPermissionMatrix.map(r => [r.permission.name, r]),
    );
    this.adminGroup = options.platformAdminGroup
      ? normalizeEntityRef(options.platformAdminGroup)
      : undefined;
  }

  /** Whether this policy decides the permission. */
  handles(permissionName: string): boolean {
    return (
      this.rows.has(permissionName) ||
      CREATE_PERMISSIONS.has(permissionName) ||
      permissionName === adminViewPermission.name
    );
  }

  /**
   * The decision for a Cellport access permission, or `undefined` when the permission is not one
   * (the host policy decides those).
   */
  async decide(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision | undefined> {
    const { permission } = request;
    if (!this.handles(permission.name)) {
      return undefined;
    }
    const claims = await this.claimsOf(user);
    if (!claims) {
      return { result: AuthorizeResult.DENY };
    }
    if (this.adminGroup && claims.includes(this.adminGroup)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (CREATE_PERMISSIONS.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const row = this.rows.get(permission.name);
    if (
      !row ||
      !isResourcePermission(permission, row.permission.resourceType)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    const minimumRole =
      this.options.minimumRoles?.[permission.name] ?? row.minimumRole;
    // the kinds' condition exports differ only in their resource type literal
    const { conditions, createConditionalDecision } = accessConditions[
      row.kind
    ] as unknown as (typeof accessConditions)['app'];
    const hasRole = conditions.hasRole({ minimumRole, claims });
    return createConditionalDecision(
      permission as any,
      row.grantedOnPublic
        ? { anyOf: [hasRole, conditions.isPublic()] }
        : hasRole,
    );
  }

  /** Whether the user belongs to the platform admin group (directly or through a sub-group). */
  async isPlatformAdmin(user?: PolicyQueryUser): Promise<boolean> {
    const claims = await this.claimsOf(user);
    return Boolean(this.adminGroup && claims?.includes(this.adminGroup));
  }

  /** The user's claims, or `undefined` when there is no signed-in user. */
  async claimsOf(user?: PolicyQueryUser): Promise<string[] | undefined> {
    const principal = user?.credentials.principal as
      | { type?: string; userEntityRef?: string }
      | undefined;
    const userEntityRef =
      principal?.type === 'user' ? principal.userEntityRef : undefined;
    if (!userEntityRef) {
      return undefined;
    }
    const signInClaims = user?.info?.ownershipEntityRefs ?? [];
    return this.options.claimsResolver.resolveClaims(
      userEntityRef,
      signInClaims,
    );
  }
}
