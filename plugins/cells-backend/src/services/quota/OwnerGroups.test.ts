import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogOwnerGroups, primaryGroupOf } from './OwnerGroups';

/** A catalog User with the memberOf relations the catalog derives (its own and its groups' lists). */
function user(
  name: string,
  memberOf: string[],
  relationGroups: string[] = memberOf,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
    relations: relationGroups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

// as in catalog/org.yaml: erin is in platform and in the role group platform-admins
const erin = user('erin', ['platform', 'platform-admins']);
// listed by two groups' spec.members only, in no spec.memberOf of her own
const gina = user('gina', [], ['storefront-team', 'payments-team']);
const guest = user('guest', []);

const owners = new CatalogOwnerGroups({
  catalog: catalogServiceMock({
    entities: [
      erin,
      gina,
      guest,
      component('payments', 'group:default/payments-team'),
      component('toolbox', 'user:default/erin'),
    ],
  }),
  auth: mockServices.auth(),
});

describe('the owner group a new app counts against', () => {
  it('is the Component owner group when the app has one', async () => {
    await expect(
      owners.ownerGroupsOf(
        mockCredentials.user('user:default/erin'),
        'component:default/payments',
      ),
    ).resolves.toEqual(['group:default/payments-team']);
  });

  it("is the creator's primary group only, not each group the creator is in", async () => {
    await expect(
      owners.ownerGroupsOf(mockCredentials.user('user:default/erin')),
    ).resolves.toEqual(['group:default/platform']);
    // a Component owned by a user: the creator's primary group too
    await expect(
      owners.ownerGroupsOf(
        mockCredentials.user('user:default/erin'),
        'component:default/toolbox',
      ),
    ).resolves.toEqual(['group:default/platform']);
  });

  it('is none for a user in no group and for services', async () => {
    await expect(
      owners.ownerGroupsOf(mockCredentials.user('user:default/guest')),
    ).resolves.toEqual([]);
    await expect(
      owners.ownerGroupsOf(mockCredentials.service('plugin:scaffolder')),
    ).resolves.toEqual([]);
  });
});

describe('primaryGroupOf', () => {
  it("follows the order of the user's own memberOf", () => {
    expect(primaryGroupOf(user('x', ['platform-admins', 'platform']))).toBe(
      'group:default/platform-admins',
    );
    expect(
      primaryGroupOf(
        user(
          'x',
          ['group:default/Platform', 'payments-team'],
          ['payments-team', 'Platform'],
        ),
      ),
    ).toBe('group:default/platform');
  });

  it('skips declared groups the catalog did not relate the user to', () => {
    expect(
      primaryGroupOf(user('x', ['gone', 'payments-team'], ['payments-team'])),
    ).toBe('group:default/payments-team');
  });

  it('falls back to the memberOf relations by name, and to none', () => {
    expect(primaryGroupOf(gina)).toBe('group:default/payments-team');
    expect(primaryGroupOf(guest)).toBeUndefined();
    expect(primaryGroupOf(undefined)).toBeUndefined();
  });
});
