import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';

/**
 * The part of a permission policy {@link createInProcessPermissions} asks:
 * `CellportAccessPolicy`, or an adopter's policy (`handle` of a `PermissionPolicy`).
 *
 * @public
 */
export type InProcessPolicy = {
  decide(
    request: { permission: Permission },
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision | undefined>;
};

/**
 * Options of {@link createInProcessPermissions}.
 *
 * @public
 */
export type InProcessPermissionsOptions = {
  policy: InProcessPolicy;
  /** The decision for permissions the policy leaves undecided; default DENY. */
  otherwise?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Where requests go that are not decided here (see `isLocal`). */
  fallback?: PermissionsService;
  /**
   * Which credentials are decided in process; default: all of them without a `fallback`, none
   * with one.
   */
  isLocal?: (credentials?: BackstageCredentials) => boolean;
};

/**
 * A PermissionsService that asks a permission policy in process, as the permission backend would:
 * users are decided by the policy (their ownership claims: their own reference, the policy may
 * resolve more), service principals may do anything, and `authorize` turns conditional decisions
 * into DENY, as the permission framework does for callers that cannot apply them. Used where
 * requests carry no Backstage token (the registry's token endpoint) and by tests.
 *
 * @public
 */
export function createInProcessPermissions(
  options: InProcessPermissionsOptions,
): PermissionsService {
  const { policy, fallback } = options;
  const otherwise = options.otherwise ?? AuthorizeResult.DENY;
  const isLocal = options.isLocal ?? (() => !fallback);
  const decide = async (
    permission: Permission,
    credentials?: BackstageCredentials,
  ): Promise<PolicyDecision> => {
    const principal = credentials?.principal as
      | { type?: string; userEntityRef?: string }
      | undefined;
    if (principal?.type === 'service') {
      return { result: AuthorizeResult.ALLOW };
    }
    const user =
      principal?.type === 'user' && principal.userEntityRef
        ? ({
            credentials,
            info: {
              userEntityRef: principal.userEntityRef,
              ownershipEntityRefs: [principal.userEntityRef],
            },
          } as PolicyQueryUser)
        : undefined;
    return (await policy.decide({ permission }, user)) ?? { result: otherwise };
  };
  return {
    async authorizeConditional(queries, opts) {
      if (!isLocal(opts?.credentials)) {
        return fallback!.authorizeConditional(queries, opts);
      }
      return Promise.all(
        queries.map(q => decide(q.permission, opts?.credentials)),
      ) as any;
    },
    async authorize(requests, opts) {
      if (!isLocal(opts?.credentials)) {
        return fallback!.authorize(requests, opts);
      }
      return Promise.all(
        requests.map(async r => {
          const d = await decide(r.permission, opts?.credentials);
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
