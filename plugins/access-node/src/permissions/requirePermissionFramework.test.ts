import { mockServices } from '@backstage/backend-test-utils';
import { requirePermissionFramework } from './requirePermissionFramework';

describe('requirePermissionFramework', () => {
  const check = (data: object, nodeEnv: string) => {
    const logger = mockServices.logger.mock();
    requirePermissionFramework({
      config: mockServices.rootConfig({ data }),
      logger,
      pluginId: 'registry',
      nodeEnv,
    });
    return logger;
  };

  it('refuses to start with permission.enabled: false, in any environment', () => {
    for (const env of ['production', 'development', 'test']) {
      expect(() => check({ permission: { enabled: false } }, env)).toThrow(
        /The registry plugin needs the permission framework: with permission.enabled false/,
      );
    }
  });

  it('refuses an unset permission.enabled in production and warns elsewhere', () => {
    expect(() => check({}, 'production')).toThrow(/permission.enabled not set/);
    expect(check({}, 'development').warn).toHaveBeenCalledWith(
      expect.stringMatching(/permission.enabled not set/),
    );
  });

  it('starts quietly with permission.enabled: true', () => {
    expect(check({ permission: { enabled: true } }, 'production').warn).not.toHaveBeenCalled();
  });
});
