import {
  Role,
  imageRepositoryMatrix,
  isRoleAtLeast,
  strongestRole,
} from '@cellport/plugin-access-common';
import type {
  RegistryAction,
  RobotScope,
} from '@cellport/plugin-registry-common';
import { RegistryStore } from '../database/RegistryStore';
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
  | { type: 'robot'; group: string; name: string; scopes: RobotScope[] }
  | { type: 'service' };

/** The minimum role of each registry action, from the access library's default matrix. */
const MINIMUM_ROLE: Record<RegistryAction, Role> = {
  pull: imageRepositoryMatrix.pull.minimumRole,
  push: imageRepositoryMatrix.push.minimumRole,
  delete: imageRepositoryMatrix.tagDelete.minimumRole,
};

const ALL_ACTIONS: RegistryAction[] = ['pull', 'push', 'delete'];

/**
 * Decides what a subject may do in the registry: the `access` claim of its token.
 *
 * @public
 */
export class RegistryAccess {
  static create(deps: { store: RegistryStore }) {
    return new RegistryAccess(deps.store);
  }

  private constructor(private readonly store: RegistryStore) {}

  /** The caller's effective role on a repository of a group: the stronger of both. */
  async effectiveRole(
    userRef: string,
    group: string,
    repository?: string,
  ): Promise<Role | undefined> {
    const roles = await this.store.getRoles(userRef, group, repository);
    return strongestRole([roles.group, roles.repository]);
  }

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
    const [groupName] = parts;
    const group = await this.store.getGroup(groupName);
    if (!group) {
      return allowed;
    }
    const repo = await this.store.getRepository(repository);
    const visibility = repo ? repo.visibility : group.visibility;
    if (visibility === 'public') {
      allowed.add('pull');
    }
    if (subject.type === 'robot') {
      if (subject.group !== groupName) {
        return allowed;
      }
      const short = parts[1];
      for (const scope of subject.scopes) {
        if (scope.repository === '*' || scope.repository === short) {
          scope.actions.forEach(a => allowed.add(a));
        }
      }
      if (!repo) {
        allowed.delete('delete'); // nothing to delete yet
      }
      return allowed;
    }
    if (subject.type === 'anonymous') {
      return allowed;
    }
    const role = await this.effectiveRole(
      subject.userRef,
      groupName,
      repo ? repository : undefined,
    );
    if (!role) {
      return allowed;
    }
    for (const action of ALL_ACTIONS) {
      if (isRoleAtLeast(role, MINIMUM_ROLE[action])) {
        allowed.add(action);
      }
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
