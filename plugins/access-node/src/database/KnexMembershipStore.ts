/** The membership store on the plugin's knex database: resources, members, visibility, ownership. */
import { ConflictError } from '@backstage/errors';
import {
  ActivityEntry,
  isRole,
  Member,
  parentOf,
  ResourceId,
  Role,
  stringifyResourceRef,
  Visibility,
} from '@cellport/plugin-access-common';
import { Page, PageRequest } from '@cellport/common';
import { Knex } from 'knex';
import { insertActivity, listActivity } from './activityLog';
import { lockResource, requireAnotherOwner, requireMember } from './memberGuards';
import { byRoleThenName, describe, roleOf, toMember } from './memberRows';
import { listMemberPage } from './memberPages';
import {
  AccessResource,
  CreateAccessResourceInput,
  ListActivityOptions,
  MemberRole,
  MembershipStore,
} from './types';
import { MemberRow, ResourceRow, TABLES, toIso } from './tables';

/**
 * {@link MembershipStore} on the plugin's knex database (SQLite or PostgreSQL). Every change runs
 * in one transaction with its activity entry, with the resource row locked on PostgreSQL so
 * concurrent changes cannot remove the last Owner between them.
 *
 * @public
 */
export class KnexMembershipStore implements MembershipStore {
  /** Wraps a knex instance whose access tables are migrated (see `applyAccessMigrations`). */
  static create(options: { knex: Knex }): KnexMembershipStore {
    return new KnexMembershipStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * The resources with their members and their parents' members, in one statement: the resource
   * rows joined with their member rows (the parents' rows come along for their members).
   */
  async getResources(
    ids: ResourceId[],
  ): Promise<Array<AccessResource | undefined>> {
    if (ids.length === 0) {
      return [];
    }
    const keyOf = (kind: string, name: string) => `${kind}\u0000${name}`;
    const parents = ids
      .map(id => parentOf(id))
      .filter((p): p is ResourceId => Boolean(p));
    const r = TABLES.resources;
    const m = TABLES.members;
    const rows: Array<
      ResourceRow & { member_ref: string | null; role: string | null }
    > = await this.whereIds(
      this.knex(r)
        .leftJoin(m, join =>
          join.on(`${m}.kind`, `${r}.kind`).andOn(`${m}.name`, `${r}.name`),
        )
        .select(
          `${r}.kind`,
          `${r}.name`,
          `${r}.visibility`,
          `${r}.created_by`,
          `${r}.created_at`,
          `${m}.member_ref`,
          `${m}.role`,
        ),
      [...ids, ...parents],
      r,
    );
    const membersByKey = new Map<string, MemberRole[]>();
    const rowsByKey = new Map<string, ResourceRow>();
    for (const row of rows) {
      const key = keyOf(row.kind, row.name);
      if (!rowsByKey.has(key)) rowsByKey.set(key, row);
      const list = membersByKey.get(key) ?? [];
      if (row.member_ref) {
        list.push({
          member: row.member_ref,
          role: isRole(row.role) ? row.role : 'guest',
        });
      }
      membersByKey.set(key, list);
    }
    return ids.map(id => {
      const row = rowsByKey.get(keyOf(id.kind, id.name));
      if (!row) {
        return undefined;
      }
      const parent = parentOf(id);
      return {
        kind: id.kind,
        name: id.name,
        ref: stringifyResourceRef(id),
        ...(parent ? { parent } : {}),
        visibility: row.visibility === 'public' ? 'public' : 'private',
        ...(row.created_by ? { createdBy: row.created_by } : {}),
        createdAt: toIso(row.created_at),
        members: membersByKey.get(keyOf(id.kind, id.name)) ?? [],
        inheritedMembers: parent
          ? membersByKey.get(keyOf(parent.kind, parent.name)) ?? []
          : [],
      };
    });
  }

  async createResource(
    input: CreateAccessResourceInput,
  ): Promise<AccessResource> {
    const id: ResourceId = { kind: input.kind, name: input.name };
    const parent = parentOf(id);
    const now = new Date();
    await this.knex.transaction(async trx => {
      const existing = await trx(TABLES.resources)
        .where({ kind: id.kind, name: id.name })
        .first();
      if (existing) {
        throw new ConflictError(`${describe(id)} already exists`);
      }
      await trx(TABLES.resources).insert({
        kind: id.kind,
        name: id.name,
        parent_kind: parent?.kind ?? null,
        parent_name: parent?.name ?? null,
        visibility: input.visibility ?? 'private',
        created_by: input.actor,
        created_at: now,
      });
      await trx(TABLES.members).insert({
        kind: id.kind,
        name: id.name,
        member_ref: input.owner,
        role: 'owner',
        added_by: input.actor,
        created_at: now,
        updated_at: now,
      });
      await insertActivity(trx, id, 'resource-created', input.actor, {
        owner: input.owner,
        visibility: input.visibility ?? 'private',
      });
    });
    const [resource] = await this.getResources([id]);
    return resource!;
  }

  async deleteResource(id: ResourceId, _actor: string): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const deleted = await trx(TABLES.resources)
        .where({ kind: id.kind, name: id.name })
        .delete();
      await trx(TABLES.members)
        .where({ kind: id.kind, name: id.name })
        .delete();
      await trx(TABLES.activity)
        .where({ kind: id.kind, name: id.name })
        .delete();
      return deleted > 0;
    });
  }

  async listMembers(id: ResourceId): Promise<Member[]> {
    const direct = (
      await this.knex<MemberRow>(TABLES.members).where({
        kind: id.kind,
        name: id.name,
      })
    ).map(row => toMember(row));
    const parent = parentOf(id);
    const inherited = parent
      ? (
          await this.knex<MemberRow>(TABLES.members).where({
            kind: parent.kind,
            name: parent.name,
          })
        ).map(row => ({
          ...toMember(row, stringifyResourceRef(parent)),
          resourceRef: stringifyResourceRef(id),
        }))
      : [];
    return [...direct.sort(byRoleThenName), ...inherited.sort(byRoleThenName)];
  }

  listMembersPage(id: ResourceId, request: PageRequest): Promise<Page<Member>> {
    return listMemberPage(this.knex, id, request);
  }

  async getMember(id: ResourceId, member: string): Promise<Member | undefined> {
    const row = await this.knex<MemberRow>(TABLES.members)
      .where({ kind: id.kind, name: id.name, member_ref: member })
      .first();
    return row ? toMember(row) : undefined;
  }

  async addMember(
    id: ResourceId,
    input: MemberRole,
    actor: string,
  ): Promise<Member> {
    const now = new Date();
    await this.knex.transaction(async trx => {
      await lockResource(trx, id);
      const existing = await trx<MemberRow>(TABLES.members)
        .where({ kind: id.kind, name: id.name, member_ref: input.member })
        .first();
      if (existing) {
        throw new ConflictError(
          `${input.member} is already a member of ${describe(id)} (role ${
            existing.role
          }); change the role instead`,
        );
      }
      await trx(TABLES.members).insert({
        kind: id.kind,
        name: id.name,
        member_ref: input.member,
        role: input.role,
        added_by: actor,
        created_at: now,
        updated_at: now,
      });
      await insertActivity(trx, id, 'member-added', actor, {
        member: input.member,
        role: input.role,
      });
    });
    return (await this.getMember(id, input.member))!;
  }

  async updateMember(
    id: ResourceId,
    input: MemberRole,
    actor: string,
  ): Promise<{ member: Member; previousRole: Role }> {
    const previousRole = await this.knex.transaction(async trx => {
      await lockResource(trx, id);
      const existing = await requireMember(trx, id, input.member);
      const previous = roleOf(existing);
      if (previous === input.role) {
        return previous;
      }
      if (previous === 'owner') {
        await requireAnotherOwner(trx, id, input.member, 'demote');
      }
      await trx(TABLES.members)
        .where({ kind: id.kind, name: id.name, member_ref: input.member })
        .update({ role: input.role, updated_at: new Date() });
      await insertActivity(trx, id, 'member-role-changed', actor, {
        member: input.member,
        role: input.role,
        previousRole: previous,
      });
      return previous;
    });
    return {
      member: (await this.getMember(id, input.member))!,
      previousRole,
    };
  }

  async removeMember(
    id: ResourceId,
    member: string,
    actor: string,
  ): Promise<Role> {
    return this.knex.transaction(async trx => {
      await lockResource(trx, id);
      const existing = await requireMember(trx, id, member);
      const previous = roleOf(existing);
      if (previous === 'owner') {
        await requireAnotherOwner(trx, id, member, 'remove');
      }
      await trx(TABLES.members)
        .where({ kind: id.kind, name: id.name, member_ref: member })
        .delete();
      await insertActivity(trx, id, 'member-removed', actor, {
        member,
        previousRole: previous,
      });
      return previous;
    });
  }

  async setVisibility(
    id: ResourceId,
    visibility: Visibility,
    actor: string,
  ): Promise<Visibility> {
    return this.knex.transaction(async trx => {
      const row = await lockResource(trx, id);
      const previous: Visibility =
        row.visibility === 'public' ? 'public' : 'private';
      if (previous !== visibility) {
        await trx(TABLES.resources)
          .where({ kind: id.kind, name: id.name })
          .update({ visibility });
        await insertActivity(trx, id, 'visibility-changed', actor, {
          visibility,
          previousVisibility: previous,
        });
      }
      return previous;
    });
  }

  async transferOwnership(
    id: ResourceId,
    newOwner: string,
    actor: string,
  ): Promise<string[]> {
    return this.knex.transaction(async trx => {
      await lockResource(trx, id);
      const now = new Date();
      const existing = await trx<MemberRow>(TABLES.members)
        .where({ kind: id.kind, name: id.name, member_ref: newOwner })
        .first();
      if (existing) {
        await trx(TABLES.members)
          .where({ kind: id.kind, name: id.name, member_ref: newOwner })
          .update({ role: 'owner', updated_at: now });
      } else {
        await trx(TABLES.members).insert({
          kind: id.kind,
          name: id.name,
          member_ref: newOwner,
          role: 'owner',
          added_by: actor,
          created_at: now,
          updated_at: now,
        });
      }
      const demoted = (
        await trx<MemberRow>(TABLES.members)
          .where({ kind: id.kind, name: id.name, role: 'owner' })
          .whereNot({ member_ref: newOwner })
          .select('member_ref')
      ).map(r => r.member_ref);
      if (demoted.length > 0) {
        await trx(TABLES.members)
          .where({ kind: id.kind, name: id.name })
          .whereIn('member_ref', demoted)
          .update({ role: 'master', updated_at: now });
      }
      await insertActivity(trx, id, 'ownership-transferred', actor, {
        newOwner,
        previousRole: existing ? roleOf(existing) : null,
        demotedOwners: demoted,
      });
      return demoted;
    });
  }

  async recordActivity(
    id: ResourceId,
    action: string,
    actor: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await insertActivity(this.knex, id, action, actor, details);
  }

  async listActivity(
    id: ResourceId,
    options: ListActivityOptions = {},
  ): Promise<ActivityEntry[]> {
    return listActivity(this.knex, id, options);
  }

  /** Narrows `query` to the rows of `ids` (columns of `table` when the query joins tables). */
  private whereIds<T extends {}>(
    query: Knex.QueryBuilder,
    ids: ResourceId[],
    table?: string,
  ): Promise<T[]> {
    const column = (c: string) => (table ? `${table}.${c}` : c);
    return query.where(builder => {
      for (const id of ids) {
        builder.orWhere({ [column('kind')]: id.kind, [column('name')]: id.name });
      }
    });
  }


}
