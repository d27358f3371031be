/**
 * The access library's entry point for a backend plugin: resources, with their checks
 * ({@link AccessChecks}) and members ({@link AccessMembers}) behind one service.
 * One file on purpose: it is the facade a plugin holds, and its methods are thin delegations.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  ActivityEntry,
  AddMemberRequest,
  commonAccessPermissions,
  findAccessMatrixRow,
  KINDS_WITH_VISIBILITY,
  Member,
  RESOURCE_KIND_TITLES,
  ResourceId,
  ResourceKind,
  stringifyResourceRef,
  UpdateMemberRequest,
  Visibility,
  visibilityRequestSchema,
} from '@cellport/plugin-access-common';
import { Page, PageRequest } from '@cellport/common';
import { Knex } from 'knex';
import { KnexMembershipStore } from '../database/KnexMembershipStore';
import { applyAccessMigrations } from '../database/migrations';
import { TABLES } from '../database/tables';
import {
  AccessResource,
  ListActivityOptions,
  MembershipStore,
} from '../database/types';
import { registerAccessPermissions } from '../permissions/registerAccessPermissions';
import { AccessChecks } from './AccessChecks';
import { AccessMembers } from './AccessMembers';
import { actorOf, userOf } from './actor';
import { audited } from './audit';
import { parseInput } from './parseInput';
import { ResourceInput, toResourceId } from './resourceIds';
import type {
  AccessChangeOptions,
  AccessListFilter,
  AccessServiceOptions,
} from './types';

export type {
  AccessChangeOptions,
  AccessListFilter,
  AccessServiceOptions,
} from './types';

/**
 * A backend plugin's entry point to members and roles: registers its resources, checks
 * permissions (404 for callers who cannot see the resource, 403 when they can but may not act),
 * filters lists in the database query, and manages members, visibility, ownership and the activity
 * feed, every change audited.
 *
 * Creating a resource makes the caller its Owner. Members are catalog Users and Groups; a Group's
 * role applies to its members and to the members of its sub-groups; image-group roles apply to the
 * group's repositories, where a repository role can only raise them. Only an Owner (the `transfer`
 * permission) grants, removes or changes an Owner, and the last Owner cannot be removed or demoted.
 *
 * @public
 */
export class AccessService {
  /**
   * Migrates the access tables into the plugin database and, when `permissionsRegistry` is given,
   * registers the kinds with the permission framework.
   */
  static async create(options: AccessServiceOptions): Promise<AccessService> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyAccessMigrations(knex);
    }
    const store = KnexMembershipStore.create({ knex });
    const service = new AccessService(options, knex, store);
    if (options.permissionsRegistry) {
      registerAccessPermissions({
        permissionsRegistry: options.permissionsRegistry,
        kinds: options.kinds,
        getResources: refs => service.getResources(refs),
        includeAdminView: options.includeAdminView,
      });
    }
    options.logger.info('Cellport access ready', { kinds: options.kinds });
    return service;
  }

  /** The kinds this plugin owns. */
  readonly kinds: readonly ResourceKind[];

  private readonly checks: AccessChecks;
  private readonly members: AccessMembers;

  private constructor(
    private readonly options: AccessServiceOptions,
    private readonly knex: Knex,
    private readonly store: MembershipStore,
  ) {
    this.kinds = options.kinds;
    this.checks = new AccessChecks({ ...options, knex, store });
    this.members = new AccessMembers({ ...options, checks: this.checks, store });
  }

  // ---- resources ---------------------------------------------------------------------------

  /**
   * Registers a new resource; the caller (or `owner`, e.g. when a service creates it on behalf of
   * a team) becomes its Owner. Check the kind's create permission (or, for a repository, the
   * group's `repository.create`) before calling. ConflictError when it exists.
   */
  async registerResource(
    credentials: BackstageCredentials,
    input: ResourceId & { visibility?: Visibility; owner?: string },
    options: AccessChangeOptions = {},
  ): Promise<AccessResource> {
    const id = this.checks.ownId(input);
    const actor = actorOf(credentials);
    const visibility = input.visibility ?? 'private';
    if (visibility === 'public' && !KINDS_WITH_VISIBILITY.includes(id.kind)) {
      throw new InputError(
        `A ${RESOURCE_KIND_TITLES[id.kind]} cannot be public`,
      );
    }
    const owner = input.owner
      ? await this.members.requireCatalogMember(input.owner, 'owner')
      : userOf(credentials);
    if (!owner) {
      throw new InputError(
        'An owner is required when a service registers a resource',
      );
    }
    return audited(
      this.options.auditor,
      {
        eventId: 'resource-change',
        severityLevel: 'medium',
        request: options.request,
        meta: {
          actionType: 'register',
          resourceRef: stringifyResourceRef(id),
          owner,
          visibility,
        },
      },
      () => this.store.createResource({ ...id, visibility, owner, actor }),
    );
  }

  /**
   * Forgets a resource with its members and activity, after the plugin deleted it (check the
   * `delete` permission first). False when it was not registered.
   */
  async unregisterResource(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    options: AccessChangeOptions = {},
  ): Promise<boolean> {
    const id = this.checks.ownId(ref);
    return audited(
      this.options.auditor,
      {
        eventId: 'resource-change',
        severityLevel: 'high',
        request: options.request,
        meta: {
          actionType: 'unregister',
          resourceRef: stringifyResourceRef(id),
        },
      },
      () => this.store.deleteResource(id, actorOf(credentials)),
    );
  }

  /** Loads resources by reference, for the permission framework; unknown ones are `undefined`. */
  async getResources(
    refs: string[],
  ): Promise<Array<AccessResource | undefined>> {
    const ids = refs.map(ref => {
      try {
        const id = toResourceId(ref);
        return this.kinds.includes(id.kind) ? id : undefined;
      } catch {
        return undefined;
      }
    });
    const found = await this.store.getResources(
      ids.filter((id): id is ResourceId => Boolean(id)),
    );
    let next = 0;
    return ids.map(id => (id ? found[next++] : undefined));
  }

  // ---- checks (AccessChecks) ---------------------------------------------------------------

  /**
   * Throws unless the caller may perform `permission` on the resource: NotFoundError when the
   * resource does not exist or the caller cannot see it (so non-members learn nothing),
   * NotAllowedError when they can see it but their role is too weak.
   */
  authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    ref: ResourceInput,
  ): Promise<AccessResource> {
    return this.checks.authorize(credentials, permission, ref);
  }

  /** Whether the caller may perform `permission` on the resource (false when it does not exist). */
  isAllowed(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    ref: ResourceInput,
  ): Promise<boolean> {
    return this.checks.isAllowed(credentials, permission, ref);
  }

  /**
   * Decides `permissions` for the caller with one policy request and returns a check to apply to
   * resources already loaded with {@link AccessService.getResources} (no further database read).
   * For hot paths deciding several permissions on several resources, such as the registry token
   * endpoint. The check is false for a missing resource or a permission of another kind.
   */
  permissionChecker(
    credentials: BackstageCredentials,
    permissions: ResourcePermission[],
  ): Promise<
    (permission: ResourcePermission, resource?: AccessResource) => boolean
  > {
    return this.checks.permissionChecker(credentials, permissions);
  }

  /**
   * A filter that narrows a list query of `kind` resources to those the caller may see (or
   * perform `permission` on), in the database.
   */
  getListFilter(
    credentials: BackstageCredentials,
    kind: ResourceKind,
    permission?: ResourcePermission,
  ): Promise<AccessListFilter> {
    return this.checks.getListFilter(credentials, kind, permission);
  }

  /**
   * The resources of `kind` the caller may see (or perform `permission` on), with their members,
   * ordered by name. For plugins whose list is the registered resources themselves.
   */
  async listResources(
    credentials: BackstageCredentials,
    kind: ResourceKind,
    permission?: ResourcePermission,
  ): Promise<AccessResource[]> {
    const filter = await this.getListFilter(credentials, kind, permission);
    const rows: Array<{ name: string }> = await filter
      .apply(
        this.knex(TABLES.resources).select('name').where('kind', kind),
        `${TABLES.resources}.name`,
      )
      .orderBy('name');
    const resources = await this.store.getResources(
      rows.map(r => ({ kind, name: r.name })),
    );
    return resources.filter((r): r is AccessResource => Boolean(r));
  }

  // ---- members (AccessMembers) -------------------------------------------------------------

  /** Direct and inherited members; needs `read` (Guest). */
  listMembers(
    credentials: BackstageCredentials,
    ref: ResourceInput,
  ): Promise<Member[]> {
    return this.members.listMembers(credentials, ref);
  }

  /**
   * One page of the direct and inherited members, ordered by member entity reference (a direct
   * member before the same member inherited); needs `read` (Guest). Parse the request with
   * `parsePageQuery(req.query, 2)` from `@cellport/common`.
   */
  listMembersPage(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    request: PageRequest,
  ): Promise<Page<Member>> {
    return this.members.listMembersPage(credentials, ref, request);
  }

  /**
   * Adds a catalog User or Group with a role; needs `members.manage` (Master), and `transfer`
   * (Owner) to add an Owner. Checks run in this order, so a caller learns only what they may know:
   * NotFoundError when the caller cannot see the resource, NotAllowedError when their role is too
   * weak, and only then InputError for a bad body (an unknown role or entity); ConflictError when
   * already a member.
   */
  addMember(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    input: AddMemberRequest,
    options: AccessChangeOptions = {},
  ): Promise<Member> {
    return this.members.addMember(credentials, ref, input, options);
  }

  /**
   * Changes a member's role; needs `members.manage` (Master), and `transfer` (Owner) when the
   * old or new role is Owner. Visibility and permission are checked before the body (see
   * {@link AccessService.addMember}). ConflictError when it would demote the last Owner.
   */
  updateMember(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    member: string,
    input: UpdateMemberRequest,
    options: AccessChangeOptions = {},
  ): Promise<Member> {
    return this.members.updateMember(credentials, ref, member, input, options);
  }

  /**
   * Removes a member; needs `members.manage` (Master), and `transfer` (Owner) to remove an Owner.
   * ConflictError when it is the last Owner.
   */
  removeMember(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    member: string,
    options: AccessChangeOptions = {},
  ): Promise<void> {
    return this.members.removeMember(credentials, ref, member, options);
  }

  /**
   * Makes `newOwner` the Owner; every other direct Owner becomes Master. Needs `transfer` (Owner).
   */
  transferOwnership(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    newOwner: string,
    options: AccessChangeOptions = {},
  ): Promise<Member[]> {
    return this.members.transferOwnership(credentials, ref, newOwner, options);
  }

  // ---- visibility and activity -------------------------------------------------------------

  /** Makes an image group or repository public or private; needs `visibility.update` (Owner). */
  async setVisibility(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    visibility: Visibility,
    options: AccessChangeOptions = {},
  ): Promise<void> {
    const id = this.checks.ownId(ref);
    const row = findAccessMatrixRow(`cellport.${id.kind}.visibility.update`);
    await audited(
      this.options.auditor,
      {
        eventId: 'visibility-change',
        severityLevel: 'high',
        request: options.request,
        meta: {
          resourceRef: stringifyResourceRef(id),
          visibility: typeof visibility === 'string' ? visibility : null,
        },
      },
      async () => {
        if (!row) {
          throw new InputError(
            `A ${
              RESOURCE_KIND_TITLES[id.kind]
            } has no visibility; only image groups and repositories can be public`,
          );
        }
        // visibility and permission first: a non-member learns nothing, not even a bad value
        await this.checks.authorize(credentials, row.permission, id);
        const body = parseInput(visibilityRequestSchema, { visibility });
        return this.store.setVisibility(
          id,
          body.visibility,
          actorOf(credentials),
        );
      },
      previous => ({ previousVisibility: previous }),
    );
  }

  /** The resource's activity feed, newest first; needs `events.read` (Reporter). */
  async listActivity(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    options: ListActivityOptions = {},
  ): Promise<ActivityEntry[]> {
    const id = this.checks.ownId(ref);
    await this.checks.authorize(
      credentials,
      commonAccessPermissions[id.kind].eventsRead,
      id,
    );
    return this.store.listActivity(id, options);
  }

  /**
   * Appends a plugin event (`image-pushed`, `tag-deleted`, ...) to the resource's activity feed.
   * The plugin has checked the action's permission already.
   */
  async recordActivity(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    action: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const id = this.checks.ownId(ref);
    await this.store.recordActivity(id, action, actorOf(credentials), details);
  }
}
