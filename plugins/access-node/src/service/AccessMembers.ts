/** Members of access resources: list, add, change, remove and transfer ownership, each audited. */
import {
  AuditorService,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  addMemberRequestSchema,
  AddMemberRequest,
  commonAccessPermissions,
  Member,
  memberRefSchema,
  RESOURCE_KIND_TITLES,
  ResourceId,
  stringifyResourceRef,
  transferRequestSchema,
  updateMemberRequestSchema,
  UpdateMemberRequest,
} from '@cellport/plugin-access-common';
import { Page, PageRequest } from '@cellport/common';
import { MembershipStore } from '../database/types';
import { AccessChecks } from './AccessChecks';
import type { AccessChangeOptions } from './types';
import { actorOf } from './actor';
import { audited } from './audit';
import { parseInput } from './parseInput';
import { ResourceInput } from './resourceIds';

/**
 * What {@link AccessMembers} works with.
 *
 * @internal
 */
export interface AccessMembersOptions {
  checks: AccessChecks;
  store: MembershipStore;
  /** Members must be catalog Users or Groups. */
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
}

/**
 * The member management of {@link AccessService} (which exposes it).
 *
 * @internal
 */
export class AccessMembers {
  private readonly checks: AccessChecks;
  private readonly store: MembershipStore;

  constructor(private readonly options: AccessMembersOptions) {
    this.checks = options.checks;
    this.store = options.store;
  }

  /** Direct and inherited members; needs `read` (Guest). */
  async listMembers(
    credentials: BackstageCredentials,
    ref: ResourceInput,
  ): Promise<Member[]> {
    const id = this.checks.ownId(ref);
    await this.checks.authorize(
      credentials,
      commonAccessPermissions[id.kind].read,
      id,
    );
    return this.store.listMembers(id);
  }

  /** One page of the direct and inherited members, by member reference; needs `read` (Guest). */
  async listMembersPage(
    credentials: BackstageCredentials,
    ref: ResourceInput,
    request: PageRequest,
  ): Promise<Page<Member>> {
    const id = this.checks.ownId(ref);
    await this.checks.authorize(
      credentials,
      commonAccessPermissions[id.kind].read,
      id,
    );
    return this.store.listMembersPage(id, request);
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
    const id = this.checks.ownId(ref);
    return this.auditMember(options, id, 'add', rawMemberMeta(input), async () => {
      await this.checks.authorize(
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
    const id = this.checks.ownId(ref);
    return this.auditMember(
      options,
      id,
      'update',
      { ...rawMemberMeta(input), member: String(member) },
      async () => {
        await this.checks.authorize(
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
    const id = this.checks.ownId(ref);
    await this.auditMember(
      options,
      id,
      'remove',
      { member: String(member) },
      async () => {
        await this.checks.authorize(
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
    const id = this.checks.ownId(ref);
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

  /** The member ref, once the catalog knows it; InputError naming `what` otherwise. */
  async requireCatalogMember(
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

  private async authorizeOwnerChange(
    credentials: BackstageCredentials,
    id: ResourceId,
  ): Promise<void> {
    await this.checks.authorize(
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
