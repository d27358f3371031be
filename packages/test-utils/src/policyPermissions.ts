import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CellportAccessPolicy,
  createInProcessPermissions,
} from '@cellport/plugin-access-node';

/**
 * Options of {@link policyPermissions}.
 *
 * @public
 */
export type PolicyPermissionsOptions = {
  /** The policy; default: the Cellport policy with the user reference as the only claim. */
  policy?: CellportAccessPolicy;
  /** The decision for permissions the Cellport policy does not handle. Default ALLOW. */
  otherwise?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
};

/**
 * A PermissionsService that asks the Cellport policy in process, the way the permission backend
 * with the Cellport module does: the access library's `createInProcessPermissions` (production
 * code), with the Cellport policy whose claims are the user's own reference by default, and
 * ALLOW for the permissions it does not decide.
 *
 * @public
 */
export function policyPermissions(
  options: PolicyPermissionsOptions = {},
): PermissionsService {
  // the production adapter (the registry's token endpoint uses it), not a copy of it
  return createInProcessPermissions({
    policy:
      options.policy ??
      CellportAccessPolicy.create({
        claimsResolver: { resolveClaims: async ref => [ref] },
      }),
    otherwise: options.otherwise ?? AuthorizeResult.ALLOW,
  });
}

/**
 * The permissions service of a test backend, deciding with the Cellport policy
 * ({@link policyPermissions} with its defaults).
 *
 * @public
 */
export const policyPermissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => policyPermissions(),
});

/**
 * A PermissionsService deciding with the Cellport policy where `admins` (user references) are the
 * members of the platform admin group `group:default/platform-admins` and everyone else claims
 * only their own reference: for routes that only platform admins may call.
 *
 * @public
 */
export function platformAdminPermissions(admins: string[]): PermissionsService {
  const adminGroup = 'group:default/platform-admins';
  return policyPermissions({
    policy: CellportAccessPolicy.create({
      claimsResolver: {
        resolveClaims: async ref => (admins.includes(ref) ? [ref, adminGroup] : [ref]),
      },
      platformAdminGroup: adminGroup,
    }),
  });
}
