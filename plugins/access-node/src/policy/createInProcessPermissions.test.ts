import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { createInProcessPermissions } from './createInProcessPermissions';

const plain = createPermission({ name: 'x.read', attributes: { action: 'read' } });
const other = createPermission({ name: 'y.read', attributes: { action: 'read' } });

describe('createInProcessPermissions', () => {
  const policy = {
    decide: jest.fn(async ({ permission }: { permission: { name: string } }, user?: any) =>
      permission.name === 'x.read'
        ? {
            result:
              user?.info.userEntityRef === 'user:default/alice'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }
        : undefined,
    ),
  } as any;

  it('asks the policy for users, allows services, and uses `otherwise` for what it leaves undecided', async () => {
    const permissions = createInProcessPermissions({ policy });
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');
    const ask = (credentials: any, permission = plain) =>
      permissions.authorize([{ permission }], { credentials }).then(([d]) => d.result);
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    expect(await ask(bob)).toBe(AuthorizeResult.DENY);
    expect(await ask(mockCredentials.service('plugin:cells'))).toBe(AuthorizeResult.ALLOW);
    expect(await ask(alice, other)).toBe(AuthorizeResult.DENY);
    const lenient = createInProcessPermissions({ policy, otherwise: AuthorizeResult.ALLOW });
    expect((await lenient.authorize([{ permission: other }], { credentials: bob }))[0].result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('sends what is not local to the fallback', async () => {
    const fallback = mockServices.permissions.mock();
    fallback.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const permissions = createInProcessPermissions({
      policy,
      fallback,
      isLocal: c => (c?.principal as any)?.userEntityRef === 'user:default/alice',
    });
    const alice = mockCredentials.user('user:default/alice');
    expect((await permissions.authorize([{ permission: plain }], { credentials: alice }))[0].result).toBe(
      AuthorizeResult.ALLOW,
    );
    const bob = mockCredentials.user('user:default/bob');
    await permissions.authorize([{ permission: plain }], { credentials: bob });
    expect(fallback.authorize).toHaveBeenCalledTimes(1);
  });
});
