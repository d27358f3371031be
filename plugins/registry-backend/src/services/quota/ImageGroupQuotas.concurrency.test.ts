/**
 * Image group quotas under concurrent creations: one creator's image groups fired at once (on
 * PostgreSQL through two replicas, each with its own connection pool, store and quota service)
 * must let exactly the room the quota leaves through and refuse the rest with the 409 naming
 * the quota; nothing of a refused creation is stored.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogUser, createCellportTestDatabases } from '@cellport/test-utils';
import knexFactory, { Knex } from 'knex';
import { RegistryStore } from '../../database/RegistryStore';
import { ImageGroupQuotas } from './ImageGroupQuotas';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();
const TEAM = 'group:default/team-a';

describe.each(databases.eachSupportedId())('Image group quotas under concurrent creations on %p', databaseId => {
  const pools: Knex[] = [];
  let replicas: { store: RegistryStore; quotas: ImageGroupQuotas }[];
  const alice = mockCredentials.user('user:default/alice');

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    pools.push(knex);
    if (knex.client.dialect === 'postgresql') pools.push(knexFactory(knex.client.config));
    const catalog = catalogServiceMock({ entities: [catalogUser('alice', ['team-a'])] });
    replicas = [];
    for (const pool of pools) {
      replicas.push({
        store: await RegistryStore.create({ knex: pool }),
        quotas: new ImageGroupQuotas({ knex: pool, auth: mockServices.auth(), catalog }),
      });
    }
  });

  afterAll(async () => {
    await Promise.all(pools.slice(1).map(p => p.destroy()));
  });

  it('creates exactly as many image groups as the quota has room for', async () => {
    const [first] = replicas;
    await first.quotas.createWithin(alice, () =>
      first.store.groups.createGroup({ name: 'seed', visibility: 'private', description: '', owner: 'x' }),
    );
    await first.quotas.set(TEAM, { imageGroups: 4 }, 'user:default/root');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => {
        const { store, quotas } = replicas[i % replicas.length];
        return quotas.createWithin(alice, async () => {
          // a moment between the check and the record, as the access registration takes
          await new Promise(r => setTimeout(r, 15));
          return store.groups.createGroup({ name: `g-${i}`, visibility: 'private', description: '', owner: 'x' });
        });
      }),
    );
    const refused = results.flatMap(r => (r.status === 'rejected' ? [r.reason] : []));
    expect(results.length - refused.length).toBe(3);
    for (const e of refused) {
      expect(e).toMatchObject({
        name: 'ConflictError',
        message: `quota exceeded for ${TEAM}: image groups would be 5 of 4 (in use 4)`,
      });
    }
    expect((await first.quotas.list()).find(q => q.ownerGroup === TEAM)!.usage).toEqual({ imageGroups: 4 });
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => first.store.groups.getGroup(`g-${i}`)));
    expect(created.filter(Boolean)).toHaveLength(3);
  });
});
