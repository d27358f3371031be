import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CellportAccessPolicy } from '@cellport/plugin-access-node';

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
 * with the Cellport module does: users are decided by the policy (claims: their own reference
 * unless the policy resolves more), services may do anything. `authorize` turns conditional
 * decisions into DENY, as the permission framework does for callers that cannot apply them.
 *
 * @public
 */
export function policyPermissions(
  options: PolicyPermissionsOptions = {},
): PermissionsService {
  const policy =
    options.policy ??
    CellportAccessPolicy.create({
      claimsResolver: { resolveClaims: async ref => [ref] },
    });
  const otherwise = options.otherwise ?? AuthorizeResult.ALLOW;
  const decide = async (
    permission: any,
    credentials?: BackstageCredentials,
  ) => {
    const principal = credentials?.principal as any;
    if (principal?.type === 'service') {
      return { result: AuthorizeResult.ALLOW } as const;
    }
    const user =
      principal?.type === 'user'
        ? {
            credentials,
            info: {
              userEntityRef: principal.userEntityRef,
              ownershipEntityRefs: [principal.userEntityRef],
            },
          }
        : undefined;
    return (
      (await policy.decide({ permission }, user as any)) ?? {
        result: otherwise,
      }
    );
  };
  return {
    async authorizeConditional(queries, opts) {
      return Promise.all(
        queries.map(q => decide(q.permission, (opts as any)?.credentials)),
      ) as any;
    },
    async authorize(requests, opts) {
      return Promise.all(
        requests.map(async r => {
          const d = await decide(r.permission, (opts as any)?.credentials);
          return {
            result:
              d.result === AuthorizeResult.ALLOW
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }),
      ) as any;
    },
  } as PermissionsService;
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
