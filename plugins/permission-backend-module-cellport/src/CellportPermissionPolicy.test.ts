import { mockCredentials } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  taskCreatePermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { appPermissions } from '@cellport/plugin-access-common';
import { CellportAccessPolicy } from '@cellport/plugin-access-node';
import { CellportPermissionPolicy } from './CellportPermissionPolicy';

const claims: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/payments-team'],
  'user:default/erin': ['user:default/erin', 'group:default/platform-admins'],
};

const userOf = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
});

describe('CellportPermissionPolicy', () => {
  const policy = new CellportPermissionPolicy(
    CellportAccessPolicy.create({
      claimsResolver: { resolveClaims: async ref => claims[ref] ?? [ref] },
      platformAdminGroup: 'group:default/platform-admins',
    }),
  );
  const alice = userOf('user:default/alice');
  const erin = userOf('user:default/erin');

  it('lets only platform admins register catalog locations', async () => {
    const request = { permission: catalogLocationCreatePermission };
    expect(await policy.handle(request, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle(request, erin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it("shows the cells' cluster details (cells.clusters.read) to platform admins only", async () => {
    const request = {
      permission: createPermission({ name: 'cells.clusters.read', attributes: { action: 'read' } }),
    };
    expect(await policy.handle(request, alice)).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle(request, erin)).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets entity owners (through their groups too) delete catalog entities', async () => {
    expect(
      await policy.handle({ permission: catalogEntityDeletePermission }, alice),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: {
          claims: ['user:default/alice', 'group:default/payments-team'],
        },
      },
    });
    expect(
      await policy.handle(
        { permission: catalogEntityDeletePermission },
        undefined,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('decides Cellport permissions by role and allows the rest', async () => {
    expect(
      await policy.handle({ permission: appPermissions.deploy }, alice),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'HAS_ROLE' },
    });
    expect(
      await policy.handle({ permission: catalogEntityReadPermission }, alice),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("gives scaffolder tasks to their creator (and admins) only", async () => {
    expect(
      await policy.handle({ permission: taskReadPermission }, alice),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alice'] },
      },
    });
    expect(
      await policy.handle({ permission: taskReadPermission }, erin),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle({ permission: taskCreatePermission }, alice),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows an unknown permission for reading only', async () => {
    const read = createPermission({ name: 'other.thing.read', attributes: { action: 'read' } });
    const remove = createPermission({ name: 'other.thing.delete', attributes: { action: 'delete' } });
    expect(await policy.handle({ permission: read }, alice)).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission: remove }, alice)).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle({ permission: remove }, erin)).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
