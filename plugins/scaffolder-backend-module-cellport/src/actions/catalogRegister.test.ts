import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createCatalogRegisterAction } from './catalogRegister';

const TARGET = 'http://127.0.0.1:8418/raw/web/main/catalog-info.yaml';

const component = (owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'service', owner },
});

const alice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'default' },
  relations: [{ type: 'memberOf', targetRef: 'group:default/payments-team' }],
};

/** Runs the action as alice against a catalog whose answers the test sets. */
async function run(
  catalog: ReturnType<typeof catalogServiceMock.mock>,
  options: { dryRun?: boolean } = {},
) {
  const log: string[] = [];
  const output: Record<string, unknown> = {};
  const action = createCatalogRegisterAction({
    auth: mockServices.auth(),
    catalog,
  });
  await action.handler({
    input: { catalogInfoUrl: TARGET, timeoutSeconds: 5 },
    logger: { info: (m: string) => log.push(m) },
    output: (k: string, v: unknown) => (output[k] = v),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/alice'),
    isDryRun: options.dryRun ?? false,
    workspacePath: '/nonexistent',
  } as any);
  return { log, output };
}

describe('cellport:catalog:register', () => {
  it("registers as the scaffolder what the user's group owns, and waits for the entity", async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getLocationByRef.mockResolvedValue(undefined);
    catalog.addLocation.mockResolvedValue({
      location: { id: '1', type: 'url', target: TARGET },
      entities: [component('payments-team')],
    } as any);
    let processed = false;
    catalog.getEntityByRef.mockImplementation(async (ref: any) => {
      if (ref === 'user:default/alice') return alice;
      if (ref === 'component:default/web' && processed) {
        return component('payments-team');
      }
      // the catalog processes the new location a moment after it is added
      if (catalog.addLocation.mock.calls.length === 2) processed = true;
      return undefined;
    });
    const { log, output } = await run(catalog);
    expect(catalog.addLocation).toHaveBeenLastCalledWith(
      { type: 'url', target: TARGET },
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      }),
    );
    expect(log).toContain(
      'Waiting for the catalog to process component:default/web',
    );
    expect(output).toEqual({
      entityRef: 'component:default/web',
      catalogInfoUrl: TARGET,
      created: true,
    });
  });

  it('refuses an entity owned by a group the user is not in, registering nothing', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getLocationByRef.mockResolvedValue(undefined);
    catalog.addLocation.mockResolvedValue({
      location: { id: '1', type: 'url', target: TARGET },
      entities: [component('group:default/storefront-team')],
    } as any);
    catalog.getEntityByRef.mockImplementation(async (ref: any) =>
      ref === 'user:default/alice' ? alice : undefined,
    );
    await expect(run(catalog)).rejects.toThrow(
      'You may register only entities owned by you or one of your groups: component:default/web is owned by group:default/storefront-team',
    );
    // only the dry run of the location was asked for
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation.mock.calls[0][0]).toMatchObject({
      dryRun: true,
    });
  });

  it('refuses an entity the catalog holds from another location', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getLocationByRef.mockResolvedValue(undefined);
    catalog.addLocation.mockResolvedValue({
      location: { id: '1', type: 'url', target: TARGET },
      entities: [component('payments-team')],
    } as any);
    catalog.getEntityByRef.mockImplementation(async (ref: any) => {
      if (ref === 'user:default/alice') return alice;
      const existing = component('payments-team');
      existing.metadata.annotations = {
        'backstage.io/managed-by-origin-location':
          'url:http://elsewhere/x.yaml',
      };
      return existing;
    });
    await expect(run(catalog)).rejects.toThrow(
      'component:default/web is already in the catalog, from url:http://elsewhere/x.yaml',
    );
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
  });
});
