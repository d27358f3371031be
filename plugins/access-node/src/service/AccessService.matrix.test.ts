import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  accessPermissionMatrix,
  isRoleAtLeast,
  ResourceId,
  ResourceKind,
  RESOURCE_KINDS,
  Role,
  ROLES,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { createTestAccess, userCredentials } from '../__testUtils__/fixtures';
import { AccessService } from './AccessService';

jest.setTimeout(180_000);

/** How the subject holds its role on a resource. */
type Route = 'user' | 'group' | 'parent-group' | 'image-group';

const MEMBER_OF_ROUTE: Record<Exclude<Route, 'image-group'>, string> = {
  user: 'user:default/subject',
  group: 'group:default/team',
  'parent-group': 'group:default/org',
};

const creator = userCredentials('creator');
const subject = userCredentials('subject');

type Case = { id: ResourceId; route: Route; role: Role | undefined };

/**
 * Registers one resource per kind, route and role (plus one per kind where the subject has no
 * role at all), all created by `creator`.
 */
async function seed(access: AccessService): Promise<Case[]> {
  const cases: Case[] = [];
  const register = async (id: ResourceId) =>
    access.registerResource(creator, { ...id });
  for (const kind of RESOURCE_KINDS) {
    const nameOf = (suffix: string) =>
      kind === 'image-repository' ? `direct-${suffix}/repo` : suffix;
    const routes: Route[] = ['user', 'group', 'parent-group'];
    for (const route of routes) {
      for (const role of ROLES) {
        const id = { kind, name: nameOf(`${route}-${role}`) };
        await register(id);
        const member = MEMBER_OF_ROUTE[route as Exclude<Route, 'image-group'>];
        await access.addMember(creator, id, { member, role });
        cases.push({ id, route, role });
      }
    }
    const none = { kind, name: nameOf('none') };
    await register(none);
    await access.addMember(creator, none, {
      member: 'user:default/other',
      role: 'master',
    });
    cases.push({ id: none, route: 'user', role: undefined });
    if (kind === 'image-repository') {
      for (const role of ROLES) {
        const groupId = { kind: 'image-group' as const, name: `ig-${role}` };
        await register(groupId);
        await access.addMember(creator, groupId, {
          member: 'group:default/team',
          role,
        });
        cases.push({ id: groupId, route: 'group', role });
        const id = { kind, name: `ig-${role}/repo` };
        await register(id);
        cases.push({ id, route: 'image-group', role });
      }
    }
  }
  return cases;
}

describe('AccessService permission matrix', () => {
  const databases = createCellportTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let access: AccessService;
    let cases: Case[];

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ access } = await createTestAccess(knex));
      cases = await seed(access);
    });

    const describeCase = (c: Case) =>
      `${stringifyResourceRef(c.id)} (${c.role ?? 'no role'} via ${c.route})`;

    it.each(RESOURCE_KINDS.map(kind => [kind]))(
      'grants every %s permission from its minimum role up, one resource at a time',
      async (kind: ResourceKind) => {
        const failures: string[] = [];
        const rows = accessPermissionMatrix.filter(r => r.kind === kind);
        for (const c of cases.filter(x => x.id.kind === kind)) {
          for (const row of rows) {
            const expected =
              c.role !== undefined && isRoleAtLeast(c.role, row.minimumRole);
            const actual = await access.isAllowed(
              subject,
              row.permission,
              c.id,
            );
            if (actual !== expected) {
              failures.push(
                `${row.permission.name} on ${describeCase(
                  c,
                )}: expected ${expected}`,
              );
            }
          }
        }
        expect(failures).toEqual([]);
        expect(rows.length).toBeGreaterThan(5);
      },
    );

    it.each(RESOURCE_KINDS.map(kind => [kind]))(
      'filters %s lists in the database query exactly like the single checks',
      async (kind: ResourceKind) => {
        for (const row of accessPermissionMatrix.filter(r => r.kind === kind)) {
          const listed = (
            await access.listResources(subject, kind, row.permission)
          )
            .map(r => r.name)
            .sort();
          const expected = cases
            .filter(
              c =>
                c.id.kind === kind &&
                c.role !== undefined &&
                isRoleAtLeast(c.role, row.minimumRole),
            )
            .map(c => c.id.name)
            .sort();
          expect({ permission: row.permission.name, listed }).toEqual({
            permission: row.permission.name,
            listed: expected,
          });
        }
      },
    );

    it('answers 404, not 403, to a non-member and 403 to a member whose role is too weak', async () => {
      for (const kind of RESOURCE_KINDS) {
        const rows = accessPermissionMatrix.filter(r => r.kind === kind);
        const none = cases.find(c => c.id.kind === kind && !c.role)!;
        const guest = cases.find(
          c => c.id.kind === kind && c.role === 'guest' && c.route === 'user',
        )!;
        for (const row of rows) {
          await expect(
            access.authorize(subject, row.permission, none.id),
          ).rejects.toBeInstanceOf(NotFoundError);
        }
        for (const row of rows.filter(r => r.minimumRole !== 'guest')) {
          await expect(
            access.authorize(subject, row.permission, guest.id),
          ).rejects.toBeInstanceOf(NotAllowedError);
        }
        await expect(
          access.listMembers(userCredentials('outsider'), none.id),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          access.authorize(subject, rows[0].permission, {
            kind,
            name: kind === 'image-repository' ? 'missing/repo' : 'missing',
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
      }
    });

    it('allows a platform admin everything, including resources they are not a member of', async () => {
      const admin = userCredentials('admin');
      for (const kind of RESOURCE_KINDS) {
        const mine = cases.filter(c => c.id.kind === kind);
        for (const row of accessPermissionMatrix.filter(r => r.kind === kind)) {
          for (const c of mine) {
            expect(await access.isAllowed(admin, row.permission, c.id)).toBe(
              true,
            );
          }
          expect(
            await access.listResources(admin, kind, row.permission),
          ).toHaveLength(
            (await access.listResources(creator, kind, row.permission)).length,
          );
        }
      }
    });

    it('shows nothing to a non-member', async () => {
      const outsider = userCredentials('outsider');
      for (const kind of RESOURCE_KINDS) {
        for (const row of accessPermissionMatrix.filter(r => r.kind === kind)) {
          expect(
            await access.listResources(outsider, kind, row.permission),
          ).toEqual([]);
        }
      }
    });
  });
});
