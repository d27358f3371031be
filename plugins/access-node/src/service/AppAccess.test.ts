import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { appPermissions } from '@cellport/plugin-access-common';
import { AppAccess } from './AppAccess';

/** A permission service that allows exactly the given `<permission> <resourceRef>` pairs. */
function allowing(...allowed: string[]): PermissionsService {
  const decide = (permission: { name: string }, resourceRef?: string) => ({
    result: allowed.includes(`${permission.name} ${resourceRef ?? ''}`.trim())
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
  });
  return {
    authorize: async (requests: any[]) =>
      requests.map(r => decide(r.permission, r.resourceRef)),
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  } as unknown as PermissionsService;
}

const credentials = mockCredentials.user('user:default/alice');
const update = appPermissions.update;
const read = appPermissions.read;

describe('AppAccess', () => {
  it('returns when the permission is allowed on app:<name>', async () => {
    const access = new AppAccess(allowing(`${update.name} app:shop`));
    await expect(
      access.authorize(credentials, update, 'shop'),
    ).resolves.toBeUndefined();
  });

  it('answers NotFound to callers who may not see the app, with the given message', async () => {
    const access = new AppAccess(allowing());
    await expect(access.authorize(credentials, update, 'shop')).rejects.toThrow(
      new NotFoundError(`App 'shop' not found`),
    );
    await expect(
      access.authorize(credentials, update, 'shop', 'Domain x not found'),
    ).rejects.toThrow('Domain x not found');
  });

  it('answers NotAllowed naming the role to members whose role is too weak, in the plugin words', async () => {
    const permissions = allowing(`${read.name} app:shop`);
    const error = await new AppAccess(permissions)
      .authorize(credentials, update, 'shop')
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      new RegExp(`^You may not ${update.name} on app 'shop': it needs the \\w+ role$`),
    );
    const worded = await new AppAccess(permissions, {
      describeDenied: (_p, app) => `manage domains of app '${app}'`,
    })
      .authorize(credentials, update, 'shop')
      .catch(e => e);
    expect(worded.message).toMatch(/^You may not manage domains of app 'shop': it needs the/);
  });

  it('uses the configured read permission to tell strangers from members', async () => {
    const view = createPermission({
      name: 'test.view',
      attributes: { action: 'read' },
      resourceType: 'cellport-access',
    });
    const access = new AppAccess(allowing('test.view app:shop'), {
      readPermission: view,
    });
    await expect(access.authorize(credentials, update, 'shop')).rejects.toThrow(
      NotAllowedError,
    );
  });

  it('lists the visible apps once each, and nothing for no apps', async () => {
    const access = new AppAccess(
      allowing(`${read.name} app:shop`, `${read.name} app:blog`),
    );
    expect(
      await access.visibleApps(credentials, ['shop', 'secret', 'shop', 'blog']),
    ).toEqual(new Set(['shop', 'blog']));
    expect(await access.visibleApps(credentials, [])).toEqual(new Set());
  });

  it('checks basic permissions', async () => {
    const admin = createPermission({ name: 'test.admin', attributes: {} });
    expect(
      await new AppAccess(allowing('test.admin')).isAllowed(credentials, admin),
    ).toBe(true);
    expect(await new AppAccess(allowing()).isAllowed(credentials, admin)).toBe(
      false,
    );
  });
});
