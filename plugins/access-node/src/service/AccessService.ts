import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  DatabaseService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActivityEntry,
  addMemberRequestSchema,
  AddMemberRequest,
  commonAccessPermissions,
  findAccessMatrixRow,
  KINDS_WITH_VISIBILITY,
  Member,
  memberRefSchema,
  RESOURCE_KIND_TITLES,
  ResourceId,
  ResourceKind,
  ROLE_TITLES,
  stringifyResourceRef,
  transferRequestSchema,
  updateMemberRequestSchema,
  UpdateMemberRequest,
  Visibility,
  visibilityRequestSchema,
} from '@cellport/plugin-access-common';
import type { Request } from 'express';
import { Knex } from 'knex';
import { KnexMembershipStore } from '../database/KnexMembershipStore';
import { applyAccessMigrations } from '../database/migrations';
import { TABLES } from '../database/tables';
import {
  AccessResource,
  ListActivityOptions,
  MembershipStore,
} from '../database/types';
import { applyAccessFilter } from '../permissions/applyAccessFilter';
import { AccessQuery } from '../permissions/query';
import { registerAccessPermissions } from '../permissions/registerAccessPermissions';
import { accessResourceRefs } from '../permissions/resourceRefs';
import { accessRules } from '../permissions/rules';
import { audited } from './audit';
import { parseInput } from './parseInput';
import { ResourceInput, toResourceId } from './resourceIds';

/**
 * Options of {@link AccessService.create}: the plugin's own core services.
 *
 * @public
 */
export type AccessServiceOptions = {
  /** The plugin database; the access tables are migrated into it. */
  database: DatabaseService;
  /** Used to check that members exist (`catalogServiceRef` from `@backstage/plugin-catalog-node`). */
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** When given, the kinds' resource types, rules and permissions are registered in it. */
  permissionsRegistry?: PermissionsRegistryService;
  auditor: AuditorService;
  logger: LoggerService;
  /** The kinds this plugin owns, e.g. `['app']` or `['image-group', 'image-repository']`. */
  kinds: ResourceKind[];
  /** Register the admin view permission too (one plugin should). */
  includeAdminView?: boolean;
};

/**
 * Options accepted by every change: the HTTP request that caused it, for the audit log.
 *
 * @public
 */
export type AccessChangeOptions = {
  request?: Request<any, any, any, any, any>;
};

/**
 * Narrows list queries to the resources a caller may see (or act on). Obtained from
 * {@link AccessService.getListFilter}.
 *
 * @public
 */
export type AccessListFilter = {
  /** `all` when every resource passes, `none` when none does, else `conditional`. */
  readonly kind: 'all' | 'none' | 'conditional';
  /**
   * Adds the filter to a query of the plugin's own table, e.g.
   * `filter.apply(knex('apps'), 'apps.name')`. The table must live in the plugin database.
   */
  apply(query: Knex.QueryBuilder, nameColumn: string): Knex.QueryBuilder;
};

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

  private constructor(
    private readonly options: AccessServiceOptions,
    private readonly knex: Knex,
    private readonly store: MembershipStore,
  ) {
    this.kinds = options.kinds;
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
    const id = this.ownId(input);
    const actor = actorOf(credentials);
    const visibility = input.visibility ?? 'private';
    if (visibility === 'public' && !KINDS_WITH_VISIBILITY.includes(id.kind)) {
      throw new InputError(
        `A ${RESOURCE_KIND_TITLES[id.kind]} cannot be public`,
      );
    }
    const owner = input.owner
      ? await this.requireCatalogMember(input.owner, 'owner')
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
    const id = this.ownId(ref);
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

  // ---- checks ------------------------------------------------------------------------------

  /**
   * Throws unless the caller may perform `permission` on the resource: NotFoundError when the
   * resource does not exist or the caller cannot see it (so non-members learn nothing),
   * NotAllowedError when they can see it but their role is too weak.
   */
  async authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    ref: ResourceInput,
  ): Promise<AccessResource> {
    const id = this.ownId(ref);
    const read = commonAccessPermissions[id.kind].read;
    const checkRead = permission.name !== read.name;
    const [decisions, [resource]] = await Promise.all([
      this.options.permissions.authorizeConditional(
        checkRead ? [{ permission }, { permission: read }] : [{ permission }],
        { credentials },
      ),
      this.store.getResources([id]),
    ]);
    const notFound = new NotFoundError(
      `${capitalize(RESOURCE_KIND_TITLES[id.kind])} '${id.name}' not found`,
    );
    if (!resource) {
      throw notFound;
    }
    if (this.evaluate(id.kind, decisions[0], resource)) {
      return resource;
    }
    if (!checkRead || !this.evaluate(id.kind, decisions[1], resource)) {
      throw notFound;
    }
    const row = findAccessMatrixRow(permission.name);
    throw new NotAllowedError(
      `You may not ${permission.name} on ${RESOURCE_KIND_TITLES[id.kind]} '${
        id.name
      }'${row ? `: it needs the ${ROLE_TITLES[row.minimumRole]} role` : ''}`,
    );
  }

  /** Whether the caller may perform `permission` on the resource (false when it does not exist). */
  async isAllowed(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    ref: ResourceInput,
  ): Promise<boolean> {
    const id = this.ownId(ref);
    const [[decision], [resource]] = await Promise.all([
      this.options.permissions.authorizeConditional([{ permission }], {
        credentials,
      }),
      this.store.getResources([id]),
    ]);
    return Boolean(resource) && this.evaluate(id.kind, decision, resource!);
  }

  /**
   * Decides `permissions` for the caller with one policy request and returns a check to apply to
   * resources already loaded with {@link AccessService.getResources} (no further database read).
   * For hot paths deciding several permissions on several resources, such as the registry token
   * endpoint. The check is false for a missing resource or a permission of another kind.
   */
  async permissionChecker(
    credentials: BackstageCredentials,
    permissions: ResourcePermission[],
  ): Promise<
    (permission: ResourcePermission, resource?: AccessResource) => boolean
  > {
    const unique = [...new Map(permissions.map(p => [p.name, p])).values()];
    const decisions = unique.length
      ? await this.options.permissions.authorizeConditional(
          unique.map(permission => ({ permission })),
          { credentials },
        )
      : [];
    const byName = new Map(unique.map((p, i) => [p.name, decisions[i]]));
    return (permission, resource) => {
      const decision = byName.get(permission.name);
      return Boolean(
        decision &&
          resource &&
          this.kinds.includes(resource.kind) &&
          permission.resourceType === accessResourceRefs[resource.kind].resourceType &&
          this.evaluate(resource.kind, decision, resource),
      );
    };
  }

  /**
   * A filter that narrows a list query of `kind` resources to those the caller may see (or
   * perform `permission` on), in the database.
   */
  async getListFilter(
    credentials: BackstageCredentials,
    kind: ResourceKind,
    permission: ResourcePermission = commonAccessPermissions[kind].read,
  ): Promise<AccessListFilter> {
    this.ownId({ kind, name: '-' });
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return { kind: 'all', apply: query => query };
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return { kind: 'none', apply: query => query.whereRaw('1 = 0') };
    }
    const criteria = createConditionTransformer(this.ruleset(kind))(
      decision.conditions,
    );
    return {
      kind: 'conditional',
      apply: (query, nameColumn) =>
        applyAccessFilter({ knex: this.knex, query, criteria, nameColumn }),
    };
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

  // ---- members -----------------------------------------------------------------------------

  /** Direct and inherited members; needs `read` (Guest). */
  async listMembers(
    credentials: BackstageCredentials,
    ref: ResourceInput,
  ): Promise<Member[]> {
    const id = this.ownId(ref);
    await this.authorize(
      credentials,
      commonAccessPermissions[id.kind].read,
      id,
    );
    return this.store.listMembers(id);
  }

  /**
   * Adds a catalog User or Group with a role; needs `members.manage` (Master), and `transfer`
   * (Owner) to add an Owner. Checks run in this order, so a caller learns only what they may know:
   * NotFoundError when the caller cannot see the resource, NotAllowedError when their role is too
   * weak, and only then InputError for a bad body (an unknown role or entity); ConflictError when
   * already a member.
   */
  async addMember(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    input: AddMemberRequest,
    options: AccessChangeOptions = {},
  ): Promise<Member> {
    const id = this.ownId(ref);
    return this.auditMember(options, id, 'add', rawMemberMeta(input), async () => {
      await this.authorize(
        credentials,
        commonAccessPermissions[id.kind].membersManage,
        id,
      );
      const body = parseInput(addMemberRequestSchema, input);
      if (body.role === 'owner') {
        await this.authorizeOwnerChange(credentials, id);
      }
      await this.requireCatalogMember(body.member, 'member');
      return this.store.addMember(id, body, actorOf(credentials));
    });
  }

  /**
   * Changes a member's role; needs `members.manage` (Master), and `transfer` (Owner) when the
   * old or new role is Owner. Visibility and permission are checked before the body (see
   * {@link AccessService.addMember}). ConflictError when it would demote the last Owner.
   */
  async updateMember(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    member: string,
    input: UpdateMemberRequest,
    options: AccessChangeOptions = {},
  ): Promise<Member> {
    const id = this.ownId(ref);
    return this.auditMember(
      options,
      id,
      'update',
      { ...rawMemberMeta(input), member: String(member) },
      async () => {
        await this.authorize(
          credentials,
          commonAccessPermissions[id.kind].membersManage,
          id,
        );
        const memberRef = parseInput(memberRefSchema, member);
        const body = parseInput(updateMemberRequestSchema, input);
        const existing = await this.requireDirectMember(id, memberRef);
        if (body.role === 'owner' || existing.role === 'owner') {
          await this.authorizeOwnerChange(credentials, id);
        }
        const { member: updated } = await this.store.updateMember(
          id,
          { member: memberRef, role: body.role },
          actorOf(credentials),
        );
        return updated;
      },
    );
  }

  /**
   * Removes a member; needs `members.manage` (Master), and `transfer` (Owner) to remove an Owner.
   * ConflictError when it is the last Owner.
   */
  async removeMember(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    member: string,
    options: AccessChangeOptions = {},
  ): Promise<void> {
    const id = this.ownId(ref);
    await this.auditMember(
      options,
      id,
      'remove',
      { member: String(member) },
      async () => {
        await this.authorize(
          credentials,
          commonAccessPermissions[id.kind].membersManage,
          id,
        );
        const memberRef = parseInput(memberRefSchema, member);
        const existing = await this.requireDirectMember(id, memberRef);
        if (existing.role === 'owner') {
          await this.authorizeOwnerChange(credentials, id);
        }
        await this.store.removeMember(id, memberRef, actorOf(credentials));
      },
    );
  }

  /**
   * Makes `newOwner` the Owner; every other direct Owner becomes Master. Needs `transfer` (Owner).
   */
  async transferOwnership(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    newOwner: string,
    options: AccessChangeOptions = {},
  ): Promise<Member[]> {
    const id = this.ownId(ref);
    await audited(
      this.options.auditor,
      {
        eventId: 'ownership-transfer',
        severityLevel: 'high',
        request: options.request,
        meta: {
          resourceRef: stringifyResourceRef(id),
          newOwner: typeof newOwner === 'string' ? newOwner : null,
        },
      },
      async () => {
        await this.authorizeOwnerChange(credentials, id);
        const body = parseInput(transferRequestSchema, { newOwner });
        await this.requireCatalogMember(body.newOwner, 'new owner');
        return this.store.transferOwnership(
          id,
          body.newOwner,
          actorOf(credentials),
        );
      },
      demoted => ({ demotedOwners: demoted }),
    );
    return this.store.listMembers(id);
  }

  // ---- visibility and activity -------------------------------------------------------------

  /** Makes an image group or repository public or private; needs `visibility.update` (Owner). */
  async setVisibility(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    visibility: Visibility,
    options: AccessChangeOptions = {},
  ): Promise<void> {
    const id = this.ownId(ref);
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
        await this.authorize(credentials, row.permission, id);
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
    const id = this.ownId(ref);
    await this.authorize(
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
    const id = this.ownId(ref);
    await this.store.recordActivity(id, action, actorOf(credentials), details);
  }

  // ---- internals ---------------------------------------------------------------------------

  private ownId(ref: ResourceInput): ResourceId {
    const id = toResourceId(ref);
    if (!this.kinds.includes(id.kind)) {
      throw new InputError(
        `This plugin does not manage ${RESOURCE_KIND_TITLES[id.kind]}s`,
      );
    }
    return id;
  }

  private ruleset(
    kind: ResourceKind,
  ): PermissionRuleset<AccessResource, AccessQuery> {
    if (this.options.permissionsRegistry) {
      return this.options.permissionsRegistry.getPermissionRuleset(
        accessResourceRefs[kind],
      ) as PermissionRuleset<AccessResource, AccessQuery>;
    }
    const rules = Object.values(accessRules[kind]);
    return {
      getRuleByName(name) {
        const rule = rules.find(r => r.name === name);
        if (!rule) {
          throw new Error(`Unknown permission rule ${name} for ${kind}`);
        }
        return rule as any;
      },
    };
  }

  private evaluate(
    kind: ResourceKind,
    decision: PolicyDecision,
    resource: AccessResource,
  ): boolean {
    return createConditionAuthorizer(this.ruleset(kind))(decision, resource);
  }

  private async authorizeOwnerChange(
    credentials: BackstageCredentials,
    id: ResourceId,
  ): Promise<void> {
    await this.authorize(
      credentials,
      commonAccessPermissions[id.kind].transfer,
      id,
    );
  }

  private async requireDirectMember(
    id: ResourceId,
    member: string,
  ): Promise<Member> {
    const existing = await this.store.getMember(id, member);
    if (!existing) {
      throw new NotFoundError(
        `${member} is not a direct member of ${
          RESOURCE_KIND_TITLES[id.kind]
        } '${id.name}'`,
      );
    }
    return existing;
  }

  private async requireCatalogMember(
    ref: string,
    what: string,
  ): Promise<string> {
    const member = parseInput(memberRefSchema, ref);
    const entity = await this.options.catalog.getEntityByRef(member, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new InputError(
        `Unknown ${what} '${member}': there is no such User or Group in the catalog`,
      );
    }
    return member;
  }

  private auditMember<T>(
    options: AccessChangeOptions,
    id: ResourceId,
    actionType: 'add' | 'update' | 'remove',
    meta: { member: string; role?: string },
    change: () => Promise<T>,
  ): Promise<T> {
    return audited(
      this.options.auditor,
      {
        eventId: 'member-change',
        severityLevel: meta.role === 'owner' ? 'high' : 'medium',
        request: options.request,
        meta: { actionType, resourceRef: stringifyResourceRef(id), ...meta },
      },
      change,
    );
  }
}

/** The member and role of an unvalidated body, for the audit log (validated later). */
function rawMemberMeta(input: unknown): { member: string; role?: string } {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<
    string,
    unknown
  >;
  return {
    member: typeof raw.member === 'string' ? raw.member : '',
    ...(typeof raw.role === 'string' ? { role: raw.role } : {}),
  };
}

function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' && principal.userEntityRef
    ? principal.userEntityRef.toLocaleLowerCase('en-US')
    : undefined;
}

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    subject?: string;
  };
  return (
    userOf(credentials) ??
    (principal.type === 'service' ? `service:${principal.subject}` : 'unknown')
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}
