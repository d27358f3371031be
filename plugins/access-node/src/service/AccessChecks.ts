/**
 * Permission decisions on access resources: one resource (404 to strangers, 403 to weaker roles),
 * many loaded resources at once, and list filters applied in the database query.
 */
import {
  BackstageCredentials,
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
import {
  commonAccessPermissions,
  findAccessMatrixRow,
  RESOURCE_KIND_TITLES,
  ResourceId,
  ResourceKind,
  ROLE_TITLES,
} from '@cellport/plugin-access-common';
import { Knex } from 'knex';
import { AccessResource, MembershipStore } from '../database/types';
import { applyAccessFilter } from '../permissions/applyAccessFilter';
import { AccessQuery } from '../permissions/query';
import { accessResourceRefs } from '../permissions/resourceRefs';
import { accessRules } from '../permissions/rules';
import type { AccessListFilter } from './types';
import { ResourceInput, toResourceId } from './resourceIds';

/**
 * What {@link AccessChecks} decides with.
 *
 * @internal
 */
export interface AccessChecksOptions {
  permissions: PermissionsService;
  /** When given, its registered rulesets decide conditional decisions. */
  permissionsRegistry?: PermissionsRegistryService;
  /** The kinds the plugin owns. */
  kinds: readonly ResourceKind[];
  knex: Knex;
  store: MembershipStore;
}

/**
 * The permission checks of {@link AccessService} (which exposes them).
 *
 * @internal
 */
export class AccessChecks {
  readonly kinds: readonly ResourceKind[];
  private readonly knex: Knex;
  private readonly store: MembershipStore;

  constructor(private readonly options: AccessChecksOptions) {
    this.kinds = options.kinds;
    this.knex = options.knex;
    this.store = options.store;
  }

  /** The resource id of `ref`; InputError when this plugin does not own its kind. */
  ownId(ref: ResourceInput): ResourceId {
    const id = toResourceId(ref);
    if (!this.kinds.includes(id.kind)) {
      throw new InputError(
        `This plugin does not manage ${RESOURCE_KIND_TITLES[id.kind]}s`,
      );
    }
    return id;
  }

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
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}
