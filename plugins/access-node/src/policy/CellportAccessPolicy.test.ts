import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  adminViewPermission,
  appCreatePermission,
  appPermissions,
  imageRepositoryPermissions,
} from '@cellport/plugin-access-common';
import { CellportAccessPolicy } from './CellportAccessPolicy';

const claims: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team'],
  'user:default/erin': ['user:default/erin', 'group:default/platform-admins'],
};

function userOf(ref: string) {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
  };
}

describe('CellportAccessPolicy', () => {
  const policy = CellportAccessPolicy.create({
    claimsResolver: {
      resolveClaims: async ref => claims[ref] ?? [ref],
    },
    platformAdminGroup: 'group:default/Platform-Admins',
    minimumRoles: { 'cellport.app.scale': 'developer' },
  });

  it('returns a HAS_ROLE condition with the resolved claims for matrix permissions', async () => {
    expect(
      await policy.decide(
        { permission: appPermissions.deploy },
        userOf('user:default/alice'),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'cells',
      resourceType: 'cellport-app',
      conditions: {
        rule: 'HAS_ROLE',
        resourceType: 'cellport-app',
        params: {
          minimumRole: 'master',
          claims: ['user:default/alice', 'group:default/team'],
        },
      },
    });
  });

  it('adds IS_PUBLIC for seeing and pulling image repositories', async () => {
    const decision = await policy.decide(
      { permission: imageRepositoryPermissions.pull },
      userOf('user:default/alice'),
    );
    expect(decision).toMatchObject({
      pluginId: 'registry',
      conditions: {
        anyOf: [
          { rule: 'HAS_ROLE', params: { minimumRole: 'reporter' } },
          { rule: 'IS_PUBLIC' },
        ],
      },
    });
    const push = await policy.decide(
      { permission: imageRepositoryPermissions.push },
      userOf('user:default/alice'),
    );
    expect(push).toMatchObject({ conditions: { rule: 'HAS_ROLE' } });
  });

  it('takes minimum role overrides', async () => {
    expect(
      await policy.decide(
        { permission: appPermissions.scale },
        userOf('user:default/alice'),
      ),
    ).toMatchObject({ conditions: { params: { minimumRole: 'developer' } } });
  });

  it('allows platform admins everything, and only them the admin view', async () => {
    const erin = userOf('user:default/erin');
    const alice = userOf('user:default/alice');
    expect(
      await policy.decide({ permission: appPermissions.delete }, erin),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.decide({ permission: adminViewPermission }, erin),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.decide({ permission: adminViewPermission }, alice),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.isPlatformAdmin(erin)).toBe(true);
    expect(await policy.isPlatformAdmin(alice)).toBe(false);
  });

  it('lets every user create, denies callers without a user, ignores other permissions', async () => {
    expect(
      await policy.decide(
        { permission: appCreatePermission },
        userOf('user:default/alice'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.decide({ permission: appPermissions.read }, undefined),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.decide(
        {
          permission: createPermission({
            name: 'catalog.entity.read',
            attributes: { action: 'read' },
          }),
        },
        userOf('user:default/alice'),
      ),
    ).toBeUndefined();
  });
});
