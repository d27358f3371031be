import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  AccessResource,
  AccessService,
  createInProcessPermissions,
  InProcessPolicy,
} from '@cellport/plugin-access-node';
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

/** The permissions a user's registry actions depend on. */
const USER_PERMISSIONS = [
  ...Object.values(REPOSITORY_PERMISSION),
  imageGroupMatrix.repositoryCreate.permission,
  imageGroupMatrix.eventsRead.permission,
];

/** What a user may do on a repository (or, when it does not exist yet, in its group). */
function userActions(
  check: (permission: ResourcePermission, resource?: AccessResource) => boolean,
  group: AccessResource,
  repo: AccessResource | undefined,
): Set<RegistryAction> {
  const allowed = new Set<RegistryAction>();
  if (repo?.visibility === 'public') {
    allowed.add('pull');
  }
  if (repo) {
    for (const action of ALL_ACTIONS) {
      if (check(REPOSITORY_PERMISSION[action], repo)) allowed.add(action);
    }
    return allowed;
  }
  // a repository that does not exist yet: pushing creates it (the group's `repository.create`,
  // Developer); pulling it (nothing there yet) follows the group's Reporter role
  if (check(imageGroupMatrix.repositoryCreate.permission, group)) {
    allowed.add('push');
    allowed.add('pull');
  }
  if (check(imageGroupMatrix.eventsRead.permission, group)) {
    allowed.add('pull');
  }
  return allowed;
}

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
    return (await this.allowedActionsOn(subject, [repository])).get(repository)!;
  }

  /**
   * The `access` claim for the requested scopes: each scope with the requested actions that are
   * allowed (empty when none is). `*` is granted only when pull, push and delete all are.
   */
  async grant(
    subject: RegistrySubject,
    scopes: RequestedScope[],
  ): Promise<RegistryAccessEntry[]> {
    const allowedByName = await this.allowedActionsOn(
      subject,
      scopes.filter(s => s.type === 'repository').map(s => s.name),
    );
    return scopes.map(scope => {
      if (scope.type === 'registry') {
        // the catalog lists every repository: only the backend itself may read it
        return {
          type: scope.type,
          name: scope.name,
          actions: subject.type === 'service' ? scope.actions : [],
        };
      }
      const allowed = allowedByName.get(scope.name)!;
      const full = ALL_ACTIONS.every(a => allowed.has(a));
      const actions = scope.actions.filter(a =>
        a === '*' ? full : allowed.has(a as RegistryAction),
      );
      return { type: scope.type, name: scope.name, actions };
    });
  }

  /**
   * The actions a subject may perform on each repository, decided together: one read of the
   * groups and repositories with their members, and (for a user, or the user a robot was made
   * for) one policy request for the permissions involved.
   */
  private async allowedActionsOn(
    subject: RegistrySubject,
    repositories: string[],
  ): Promise<Map<string, Set<RegistryAction>>> {
    const result = new Map(
      repositories.map(r => [r, new Set<RegistryAction>()]),
    );
    if (subject.type === 'service') {
      result.forEach(allowed => ALL_ACTIONS.forEach(a => allowed.add(a)));
      return result;
    }
    // Cellport repositories are exactly group/name
    const names = [...result.keys()].filter(r => r.split('/').length === 2);
    if (names.length === 0) {
      return result;
    }
    const refs = [
      ...new Set(
        names.flatMap(r => [
          `image-group:${r.split('/')[0]}`,
          `image-repository:${r}`,
        ]),
      ),
    ];
    const loaded = await this.access.getResources(refs);
    const byRef = new Map(refs.map((ref, i) => [ref, loaded[i]]));
    let userRef: string | undefined;
    if (subject.type === 'user') userRef = subject.userRef;
    if (subject.type === 'robot') userRef = subject.onBehalfOf;
    const check = userRef
      ? await this.access.permissionChecker(
          registryUserCredentials(userRef),
          USER_PERMISSIONS,
        )
      : undefined;
    for (const repository of names) {
      const [groupName, short] = repository.split('/');
      const group = byRef.get(`image-group:${groupName}`);
      const repo = byRef.get(`image-repository:${repository}`);
      if (!group) {
        continue;
      }
      const allowed = result.get(repository)!;
      // only an existing repository is public: a name nobody pushed to yet answers like a
      // hidden private one (no existence oracle)
      if (repo?.visibility === 'public') {
        allowed.add('pull');
      }
      const user = check ? userActions(check, group, repo) : undefined;
      if (subject.type === 'user') {
        user!.forEach(a => allowed.add(a));
      }
      if (subject.type === 'robot' && subject.group === groupName) {
        for (const scope of subject.scopes) {
          if (scope.repository === '*' || scope.repository === short) {
            scope.actions.forEach(a => allowed.add(a));
          }
        }
        if (!repo) {
          allowed.delete('delete'); // nothing to delete yet
        }
        // a robot made for a user never does more than that user may do now
        for (const action of user ? [...allowed] : []) {
          if (!user!.has(action)) allowed.delete(action);
        }
      }
    }
    return result;
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
export type RegistryPolicy = InProcessPolicy;

/**
 * A permissions service for the token endpoint: decides with the Cellport access policy in
 * process for token-endpoint users (whose requests carry no Backstage token), and delegates
 * everything else to `fallback` (the permission backend) when given. The access library's
 * `createInProcessPermissions`, with the token endpoint's users as the local ones.
 *
 * @public
 */
export function createPolicyPermissions(options: {
  policy: RegistryPolicy;
  fallback?: PermissionsService;
}): PermissionsService {
  const { policy, fallback } = options;
  return createInProcessPermissions({
    policy,
    fallback,
    isLocal: credentials =>
      !fallback || Boolean(credentials && (credentials as any)[REGISTRY_USER]),
  });
}
