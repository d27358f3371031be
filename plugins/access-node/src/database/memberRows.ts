/** Member rows as the access library shows them: roles, members, sort order, resource names. */
import {
  compareRoles,
  isRole,
  Member,
  RESOURCE_KIND_TITLES,
  ResourceId,
  Role,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';
import { MemberRow, toIso } from './tables';

/** `<Kind title> '<name>'`, for error messages. */
export function describe(id: ResourceId): string {
  return `${RESOURCE_KIND_TITLES[id.kind]} '${id.name}'`;
}

export function roleOf(row: MemberRow): Role {
  return isRole(row.role) ? row.role : 'guest';
}

export function toMember(row: MemberRow, inheritedFrom?: string): Member {
  return {
    resourceRef: stringifyResourceRef({
      kind: row.kind,
      name: row.name,
    } as ResourceId),
    member: row.member_ref,
    role: roleOf(row),
    ...(inheritedFrom ? { inheritedFrom } : {}),
    ...(row.added_by ? { addedBy: row.added_by } : {}),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function byRoleThenName(a: Member, b: Member): number {
  return compareRoles(b.role, a.role) || a.member.localeCompare(b.member);
}
