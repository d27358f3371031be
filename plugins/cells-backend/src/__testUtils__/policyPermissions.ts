import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CellportAccessPolicy } from '@cellport/plugin-access-node';

/**
 * A PermissionsService that asks the Cellport policy in process, the way the permission backend
 * with the Cellport module would (claims: the user reference only; services may do anything).
 */
export function policyPermissions(): PermissionsService {
  const policy = CellportAccessPolicy.create({
    claimsResolver: { resolveClaims: async ref => [ref] },
  });
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
        result: AuthorizeResult.ALLOW,
      }
    );
  };
  return {
    async authorizeConditional(queries, options) {
      return Promise.all(
        queries.map(q => decide(q.permission, (options as any)?.credentials)),
      ) as any;
    },
    async authorize(requests, options) {
      return Promise.all(
        requests.map(async r => {
          const d = await decide(r.permission, (options as any)?.credentials);
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

/** The permissions service of a test backend, deciding with the Cellport policy. */
export const policyPermissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => policyPermissions(),
});
