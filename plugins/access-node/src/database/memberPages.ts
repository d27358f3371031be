/** Keyset pages of a resource's members, ordered by member entity reference. */
import {
  Member,
  parentOf,
  ResourceId,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';
import {
  comparePageKeys,
  Page,
  pageOfRows,
  PageRequest,
} from '@cellport/common';
import { Knex } from 'knex';
import { toMember } from './memberRows';
import { MemberRow, TABLES } from './tables';

/**
 * The sort key of a member in a members page: the member's entity reference, then where the role
 * comes from (empty for a direct member, the parent's reference for an inherited one), so a member
 * who is both direct and inherited appears twice, in a stable order.
 */
export function memberPageKey(member: Member): string[] {
  return [member.member, member.inheritedFrom ?? ''];
}

function isPostgres(db: Knex): boolean {
  const client = String(db.client.config.client ?? '');
  return client === 'pg' || client.includes('postgres');
}

/**
 * The member rows of one resource whose reference sorts after `after`, in byte order (so SQL and
 * JavaScript agree on the order, whatever the database's collation), at most `limit`.
 */
async function memberRowsAfter(
  knex: Knex,
  id: ResourceId,
  limit: number,
  after?: { member: string; inclusive: boolean },
): Promise<MemberRow[]> {
  const column = isPostgres(knex) ? 'member_ref collate "C"' : 'member_ref';
  const query = knex<MemberRow>(TABLES.members)
    .where({ kind: id.kind, name: id.name })
    .orderByRaw(column)
    .limit(limit);
  if (after) {
    query.whereRaw(`${column} ${after.inclusive ? '>=' : '>'} ?`, [
      after.member,
    ]);
  }
  return query;
}

/**
 * One page of a resource's direct and inherited members, ordered by {@link memberPageKey}: keyset
 * reads of at most `limit + 1` rows from the resource and from its parent, merged.
 */
export async function listMemberPage(
  knex: Knex,
  id: ResourceId,
  request: PageRequest,
): Promise<Page<Member>> {
  const read = request.limit + 1;
  const [afterMember, afterSource] = request.after ?? [];
  const direct = (
    await memberRowsAfter(
      knex,
      id,
      read,
      // a direct member sorts before every inherited one of the same reference
      request.after ? { member: afterMember, inclusive: false } : undefined,
    )
  ).map(row => toMember(row));
  const parent = parentOf(id);
  let inherited: Member[] = [];
  if (parent) {
    const parentRef = stringifyResourceRef(parent);
    inherited = (
      await memberRowsAfter(
        knex,
        parent,
        read,
        request.after
          ? { member: afterMember, inclusive: parentRef > afterSource }
          : undefined,
      )
    ).map(row => ({
      ...toMember(row, parentRef),
      resourceRef: stringifyResourceRef(id),
    }));
  }
  const merged = [...direct, ...inherited].sort((a, b) =>
    comparePageKeys(memberPageKey(a), memberPageKey(b)),
  );
  return pageOfRows(merged.slice(0, read), request.limit, memberPageKey);
}
