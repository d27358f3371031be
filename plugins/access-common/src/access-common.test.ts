import {
  accessPermissionMatrix,
  accessPermissions,
  commonAccessPermissions,
  compareRoles,
  isRoleAtLeast,
  parentOf,
  parseResourceRef,
  RESOURCE_KINDS,
  RESOURCE_TYPES,
  rolesAtLeast,
  stringifyResourceRef,
  strongestRole,
} from './index';
import { addMemberRequestSchema, memberRefSchema } from './members';

describe('roles', () => {
  it('orders Owner > Master > Developer > Reporter > Guest', () => {
    expect(compareRoles('owner', 'master')).toBeGreaterThan(0);
    expect(isRoleAtLeast('developer', 'reporter')).toBe(true);
    expect(isRoleAtLeast('guest', 'reporter')).toBe(false);
    expect(rolesAtLeast('developer')).toEqual(['owner', 'master', 'developer']);
    expect(strongestRole(['guest', undefined, 'master', 'reporter'])).toBe(
      'master',
    );
    expect(strongestRole([])).toBeUndefined();
  });
});

describe('resource references', () => {
  it('round-trips and finds the image group of a repository', () => {
    const id = parseResourceRef('image-repository:payments/ledger');
    expect(id).toEqual({ kind: 'image-repository', name: 'payments/ledger' });
    expect(stringifyResourceRef(id)).toBe('image-repository:payments/ledger');
    expect(parentOf(id)).toEqual({ kind: 'image-group', name: 'payments' });
    expect(parentOf({ kind: 'app', name: 'a/b' })).toBeUndefined();
    expect(() => parseResourceRef('cluster:x')).toThrow(/Invalid resource/);
    expect(() => parseResourceRef('app:')).toThrow(/Invalid resource/);
  });
});

describe('permission matrix', () => {
  it('has unique names, resource-typed by kind, and the shared actions on every kind', () => {
    const names = accessPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const row of accessPermissionMatrix) {
      expect(row.permission.name.startsWith(`cellport.${row.kind}.`)).toBe(
        true,
      );
      expect(row.permission.resourceType).toBe(RESOURCE_TYPES[row.kind]);
    }
    for (const kind of RESOURCE_KINDS) {
      expect(Object.keys(commonAccessPermissions[kind]).sort()).toEqual(
        expect.arrayContaining([
          'delete',
          'eventsRead',
          'membersManage',
          'read',
          'transfer',
          'update',
        ]),
      );
    }
  });
});

describe('member input', () => {
  it('normalizes User and Group references and rejects the rest with a message', () => {
    expect(memberRefSchema.parse('User:default/Bob')).toBe('user:default/bob');
    expect(memberRefSchema.parse('group:payments-team')).toBe(
      'group:default/payments-team',
    );
    expect(
      memberRefSchema.safeParse('component:x').error?.issues[0].message,
    ).toMatch(/Users or Groups/);
    const bad = addMemberRequestSchema.safeParse({
      member: 'user:bob',
      role: 'boss',
    });
    expect(bad.error?.issues[0].message).toMatch(/role must be one of/);
  });
});
