import {
  ActivityEntry,
  Member,
  ResourceId,
  Role,
  Visibility,
} from '@cellport/plugin-access-common';
import { Page, PageRequest } from '@cellport/common';

/**
 * A member reference and its role.
 *
 * @public
 */
export type MemberRole = {
  /** Catalog User or Group entity reference, lowercase. */
  member: string;
  /** The role. */
  role: Role;
};

/**
 * A resource with everything its permission rules need: this is the resource that Cellport
 * permission rules are applied to in memory.
 *
 * @public
 */
export type AccessResource = ResourceId & {
  /** `<kind>:<name>`. */
  ref: string;
  /** The resource whose members also apply (an image repository's image group). */
  parent?: ResourceId;
  /** Who may see it beyond its members. */
  visibility: Visibility;
  /** Entity reference of the creator, if known. */
  createdBy?: string;
  /** When it was registered (ISO 8601). */
  createdAt: string;
  /** Direct members. */
  members: MemberRole[];
  /** Members of the parent, whose roles apply too. */
  inheritedMembers: MemberRole[];
};

/**
 * Input of {@link MembershipStore.createResource}.
 *
 * @public
 */
export type CreateAccessResourceInput = ResourceId & {
  /** Defaults to `private`. */
  visibility?: Visibility;
  /** The first Owner (normally the creator). */
  owner: string;
  /** Who creates it, recorded in the activity feed. */
  actor: string;
};

/**
 * Options of {@link MembershipStore.listActivity}.
 *
 * @public
 */
export type ListActivityOptions = {
  /** At most this many entries, newest first (default 50, at most 500). */
  limit?: number;
  /** Only entries older than this id (for paging). */
  before?: number;
};

/**
 * Stores resources, their members and activity in a plugin's database. Enforces the invariants:
 * one membership per member and resource, and at least one direct Owner per resource.
 *
 * @public
 */
export interface MembershipStore {
  /** Loads resources with their direct and inherited members, in the order asked. */
  getResources(ids: ResourceId[]): Promise<Array<AccessResource | undefined>>;
  /** Registers a resource with its first Owner. ConflictError when it exists. */
  createResource(input: CreateAccessResourceInput): Promise<AccessResource>;
  /** Removes a resource, its members and activity. False when it did not exist. */
  deleteResource(id: ResourceId, actor: string): Promise<boolean>;
  /** Direct members (strongest first), then members inherited from the parent. */
  listMembers(id: ResourceId): Promise<Member[]>;
  /**
   * One page of the direct and inherited members, ordered by member entity reference (a direct
   * member before the same member inherited), starting after the request's sort key
   * (`[member, inheritedFrom or '']`).
   */
  listMembersPage(id: ResourceId, request: PageRequest): Promise<Page<Member>>;
  /** A direct member, if any. */
  getMember(id: ResourceId, member: string): Promise<Member | undefined>;
  /** Adds a direct member. ConflictError when already a member. */
  addMember(id: ResourceId, input: MemberRole, actor: string): Promise<Member>;
  /**
   * Changes a direct member's role. NotFoundError when not a member; ConflictError when that
   * would leave the resource without an Owner.
   */
  updateMember(
    id: ResourceId,
    input: MemberRole,
    actor: string,
  ): Promise<{ member: Member; previousRole: Role }>;
  /**
   * Removes a direct member and returns its former role. NotFoundError when not a member;
   * ConflictError when it is the last Owner.
   */
  removeMember(id: ResourceId, member: string, actor: string): Promise<Role>;
  /** Sets the visibility and returns the previous one. */
  setVisibility(
    id: ResourceId,
    visibility: Visibility,
    actor: string,
  ): Promise<Visibility>;
  /**
   * Makes `newOwner` an Owner and demotes every other direct Owner to Master. Returns the
   * demoted Owners.
   */
  transferOwnership(
    id: ResourceId,
    newOwner: string,
    actor: string,
  ): Promise<string[]>;
  /** Appends an entry to the resource's activity feed. */
  recordActivity(
    id: ResourceId,
    action: string,
    actor: string,
    details?: Record<string, unknown>,
  ): Promise<void>;
  /** The resource's activity feed, newest first. */
  listActivity(
    id: ResourceId,
    options?: ListActivityOptions,
  ): Promise<ActivityEntry[]>;
}
