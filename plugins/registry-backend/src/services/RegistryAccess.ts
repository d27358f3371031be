import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AccessService } from '@cellport/plugin-access-node';
import {
  imageGroupMatrix,
  imageRepositoryMatrix,
} from '@cellport/plugin-access-common';
import type {
  RegistryAction,
  RobotScope,
} from '@cellport/plugin-registry-common';
import type { RequestedScope } from './scopes';
import type { RegistryAccessEntry } from './TokenIssuer';

/**
 * Who asks for a registry token.
 *
 * @public
 */
export type RegistrySubject =
  | { type: 'anonymous' }
  | { type: 'user'; userRef: string; username: string }
  | {
      type: 'robot';
      group: string;
      name: string;
      scopes: RobotScope[];
      /** The user whose current rights bound the robot's. */
      onBehalfOf?: string;
    }
  | { type: 'service' };

/** The repository permission behind each registry action (default matrix: Reporter, Developer, Master). */
const REPOSITORY_PERMISSION = {
  pull: imageRepositoryMatrix.pull.permission,
  push: imageRepositoryMatrix.push.permission,
  delete: imageRepositoryMatrix.tagDelete.permission,
};

const ALL_ACTIONS: RegistryAction[] = ['pull', 'push', 'delete'];

/**
 * Decides what a subject may do in the registry: the `access` claim of its token.
 *
 * Registry clients authenticate with a personal access token, not with a Backstage token, so
 * `access` must be an {@link AccessService} whose permissions service can decide for a user
 * principal without a Backstage token (see `createPolicyPermissions`): the decision is the
 * Cellport policy's, applied by the access library exactly as for portal requests.
 *
 * @public
 */
export class RegistryAccess {
  static create(deps: { access: AccessService }) {
    return new RegistryAccess(deps.access);
  }

  private constructor(private readonly access: AccessService) {}

  /** The actions a subject may perform on a repository (`group/name`). */
  async allowedActions(
    subject: RegistrySubject,
    repository: string,
  ): Promise<Set<RegistryAction>> {
    const allowed = new Set<RegistryAction>();
    if (subject.type === 'service') {
      ALL_ACTIONS.forEach(a => allowed.add(a));
      return allowed;
    }
    const parts = repository.split('/');
    if (parts.length !== 2) {
      return allowed; // Cellport repositories are exactly group/name
    }
    const [groupName, short] = parts;
    const [group, repo] = await this.access.getResources([
      `image-group:${groupName}`,
      `image-repository:${repository}`,
    ]);
    if (!group) {
      return allowed;
    }
    // only an existing repository is public: a name nobody pushed to yet answers like a
    // hidden private one (no existence oracle)
    if (repo?.visibility === 'public') {
      allowed.add('pull');
    }
    if (subject.type === 'robot') {
      if (subject.group !== groupName) {
        return allowed;
      }
      for (const scope of subject.scopes) {
        if (scope.repository === '*' || scope.repository === short) {
          scope.actions.forEach(a => allowed.add(a));
        }
      }
      if (!repo) {
        allowed.delete('delete'); // nothing to delete yet
      }
      if (subject.onBehalfOf) {
        // a robot made for a user never does more than that user may do now
        const user = await this.allowedActions(
          {
            type: 'user',
            userRef: subject.onBehalfOf,
            username: subject.onBehalfOf,
          },
          repository,
        );
        for (const action of [...allowed]) {
          if (!user.has(action)) allowed.delete(action);
        }
      }
      return allowed;
    }
    if (subject.type === 'anonymous') {
      return allowed;
    }
    const credentials = registryUserCredentials(subject.userRef);
    if (repo) {
      await Promise.all(
        ALL_ACTIONS.map(async action => {
          if (
            await this.access.isAllowed(
              credentials,
              REPOSITORY_PERMISSION[action],
              { kind: 'image-repository', name: repository },
            )
          ) {
            allowed.add(action);
          }
        }),
      );
      return allowed;
    }
    // a repository that does not exist yet: pushing creates it (the group's `repository.create`,
    // Developer); pulling it (nothing there yet) follows the group's Reporter role
    const groupRef = { kind: 'image-group' as const, name: groupName };
    const [canCreate, canRead] = await Promise.all([
      this.access.isAllowed(
        credentials,
        imageGroupMatrix.repositoryCreate.permission,
        groupRef,
      ),
      this.access.isAllowed(
        credentials,
        imageGroupMatrix.eventsRead.permission,
        groupRef,
      ),
    ]);
    if (canCreate) {
      allowed.add('push');
      allowed.add('pull');
    }
    if (canRead) {
      allowed.add('pull');
    }
    return allowed;
  }

  /**
   * The `access` claim for the requested scopes: each scope with the requested actions that are
   * allowed (empty when none is). `*` is granted only when pull, push and delete all are.
   */
  async grant(
    subject: RegistrySubject,
    scopes: RequestedScope[],
  ): Promise<RegistryAccessEntry[]> {
    const out: RegistryAccessEntry[] = [];
    for (const scope of scopes) {
      if (scope.type === 'registry') {
        // the catalog lists every repository: only the backend itself may read it
        out.push({
          type: scope.type,
          name: scope.name,
          actions: subject.type === 'service' ? scope.actions : [],
        });
        continue;
      }
      const allowed = await this.allowedActions(subject, scope.name);
      const full = ALL_ACTIONS.every(a => allowed.has(a));
      const actions = scope.actions.filter(a =>
        a === '*' ? full : allowed.has(a as RegistryAction),
      );
      out.push({ type: scope.type, name: scope.name, actions });
    }
    return out;
  }
}

const REGISTRY_USER = Symbol.for('cellport.registry.tokenUser');

/**
 * Credentials of a user authenticated by the token endpoint with a personal access token. They
 * carry no Backstage token, so only a permissions service from {@link createPolicyPermissions}
 * can decide for them.
 */
export function registryUserCredentials(
  userEntityRef: string,
): BackstageCredentials {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
    [REGISTRY_USER]: true,
  } as BackstageCredentials;
}

/** The part of a permission policy used here (`CellportAccessPolicy` or `CellportPermissionPolicy`). */
export type RegistryPolicy = {
  decide(
    request: { permission: any },
    user?: any,
  ): Promise<{ result: AuthorizeResult } | undefined>;
};

/**
 * A permissions service for the token endpoint: decides with the Cellport access policy in
 * process for token-endpoint users (whose requests carry no Backstage token), and delegates
 * everything else to `fallback` (the permission backend) when given.
 *
 * @public
 */
export function createPolicyPermissions(options: {
  policy: RegistryPolicy;
  fallback?: PermissionsService;
}): PermissionsService {
  const { policy, fallback } = options;
  const local = (credentials: BackstageCredentials | undefined) =>
    !fallback || Boolean(credentials && (credentials as any)[REGISTRY_USER]);
  const decide = async (permission: any, credentials?: BackstageCredentials) => {
    const principal = credentials?.principal as
      | { type?: string; userEntityRef?: string }
      | undefined;
    if (principal?.type === 'service') {
      return { result: AuthorizeResult.ALLOW } as const;
    }
    const user =
      principal?.type === 'user'
        ? {
            credentials,
            identity: {
              type: 'user',
              userEntityRef: principal.userEntityRef,
              ownershipEntityRefs: [principal.userEntityRef],
            },
            info: {
              userEntityRef: principal.userEntityRef,
              ownershipEntityRefs: [principal.userEntityRef],
            },
          }
        : undefined;
    return (
      (await policy.decide({ permission }, user)) ?? {
        result: AuthorizeResult.DENY,
      }
    );
  };
  return {
    async authorizeConditional(queries: any[], opts: any) {
      if (!local(opts?.credentials)) {
        return fallback!.authorizeConditional(queries, opts);
      }
      return Promise.all(
        queries.map(q => decide(q.permission, opts?.credentials)),
      ) as any;
    },
    async authorize(requests: any[], opts: any) {
      if (!local(opts?.credentials)) {
        return fallback!.authorize(requests, opts);
      }
      return Promise.all(
        requests.map(async r => {
          const d: any = await decide(r.permission, opts?.credentials);
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
