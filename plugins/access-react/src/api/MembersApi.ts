import { createApiRef } from '@backstage/core-plugin-api';
import { Page } from '@cellport/common';
import { Member, ResourceKind, Role } from '@cellport/plugin-access-common';

/**
 * Where a resource's members endpoints live: the backend plugin and the resource's route in it.
 *
 * @public
 */
export type MembersTarget = {
  /** The resource kind. */
  kind: ResourceKind;
  /** The resource name. */
  name: string;
  /** The backend plugin serving it (default: the kind's owning plugin, e.g. `cells` for apps). */
  pluginId?: string;
  /**
   * The resource's route in that plugin, under which the members router is mounted, e.g.
   * `/apps/payments-api` or `/repositories/payments/ledger`.
   */
  basePath: string;
};

/**
 * Which page of members {@link MembersApi.listMembersPage} reads.
 *
 * @public
 */
export type MembersPageOptions = {
  /** At most this many (1 to 500; the server's default is 100). */
  limit?: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
};

/**
 * Client of the members endpoints that `createAccessRouter` serves.
 *
 * @public
 */
export interface MembersApi {
  /**
   * One page of the direct and inherited members, ordered by member entity reference: pass the
   * previous page's `nextCursor` for the next one.
   */
  listMembersPage(
    target: MembersTarget,
    options?: MembersPageOptions,
  ): Promise<Page<Member>>;
  /** Every direct and inherited member (all pages, for pickers). */
  listMembers(target: MembersTarget): Promise<Member[]>;
  /** Adds a User or Group with a role. */
  addMember(target: MembersTarget, member: string, role: Role): Promise<Member>;
  /** Changes a member's role. */
  updateMember(
    target: MembersTarget,
    member: string,
    role: Role,
  ): Promise<Member>;
  /** Removes a member. */
  removeMember(target: MembersTarget, member: string): Promise<void>;
}

/**
 * API reference of {@link MembersApi}. Optional: the members panel falls back to a
 * {@link MembersClient} on the app's discovery and fetch APIs.
 *
 * @public
 */
export const membersApiRef = createApiRef<MembersApi>({
  id: 'plugin.cellport-access.members',
});
