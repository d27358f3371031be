import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__testUtils__/fixtures';
import { CatalogClaimsResolver } from './CatalogClaimsResolver';

describe('CatalogClaimsResolver', () => {
  const setup = (now: () => number = Date.now) => {
    const catalog = catalogServiceMock({ entities: testEntities });
    const logger = mockServices.logger.mock();
    const resolver = CatalogClaimsResolver.create({
      catalog,
      auth: mockServices.auth(),
      logger,
      cacheTtlMs: 1000,
      now,
    });
    return { catalog, resolver, logger };
  };

  it('resolves the groups of a user and every ancestor group', async () => {
    const { resolver } = setup();
    expect(
      (await resolver.resolveClaims('user:default/Subject')).sort(),
    ).toEqual([
      'group:default/org',
      'group:default/team',
      'user:default/subject',
    ]);
  });

  it('keeps sign-in claims and copes with users missing from the catalog', async () => {
    const { resolver } = setup();
    expect(
      await resolver.resolveClaims('user:default/ghost', ['group:default/x']),
    ).toEqual(['user:default/ghost', 'group:default/x']);
  });

  it('caches briefly and shares concurrent lookups', async () => {
    let clock = 0;
    const { resolver, catalog } = setup(() => clock);
    const spy = jest.spyOn(catalog, 'getEntityByRef');
    await Promise.all([
      resolver.resolveClaims('user:default/subject'),
      resolver.resolveClaims('user:default/subject'),
    ]);
    await resolver.resolveClaims('user:default/subject');
    expect(spy).toHaveBeenCalledTimes(1);
    clock = 1001;
    await resolver.resolveClaims('user:default/subject');
    expect(spy).toHaveBeenCalledTimes(2);
    resolver.invalidate('user:default/subject');
    await resolver.resolveClaims('user:default/subject');
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('falls back to sign-in claims when the catalog fails, without caching the failure', async () => {
    const { resolver, catalog, logger } = setup();
    const spy = jest
      .spyOn(catalog, 'getEntityByRef')
      .mockRejectedValueOnce(new Error('catalog down'));
    expect(
      await resolver.resolveClaims('user:default/subject', [
        'group:default/team',
      ]),
    ).toEqual(['user:default/subject', 'group:default/team']);
    expect(logger.warn).toHaveBeenCalled();
    expect(
      (await resolver.resolveClaims('user:default/subject')).sort(),
    ).toEqual([
      'group:default/org',
      'group:default/team',
      'user:default/subject',
    ]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('stops at cycles in the group hierarchy', async () => {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'u', namespace: 'default' },
          spec: {},
          relations: [{ type: 'memberOf', targetRef: 'group:default/a' }],
        },
        ...['a', 'b'].map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name, namespace: 'default' },
          spec: { type: 'team', children: [] },
          relations: [
            {
              type: 'childOf',
              targetRef: `group:default/${name === 'a' ? 'b' : 'a'}`,
            },
          ],
        })),
      ],
    });
    const resolver = CatalogClaimsResolver.create({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    expect((await resolver.resolveClaims('user:default/u')).sort()).toEqual([
      'group:default/a',
      'group:default/b',
      'user:default/u',
    ]);
  });
});
