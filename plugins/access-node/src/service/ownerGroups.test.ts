import { catalogUser } from '@cellport/test-utils';
import { memberGroupsOf, parseOwnerGroupRef } from './ownerGroups';

describe('owner groups', () => {
  it('parses group references, refusing anything else with what to write', () => {
    expect(parseOwnerGroupRef(' group:default/Team-A ')).toBe('group:default/team-a');
    for (const bad of ['team-a', 'user:default/alice', 'group:default/', `group:default/${'a'.repeat(255)}`]) {
      expect(() => parseOwnerGroupRef(bad)).toThrow(/use 'group:<namespace>\/<name>'/);
    }
  });

  it("lists a user's direct groups", () => {
    expect(memberGroupsOf(catalogUser('erin', ['platform-admins', 'platform', 'platform']))).toEqual([
      'group:default/platform',
      'group:default/platform-admins',
    ]);
    expect(memberGroupsOf(undefined)).toEqual([]);
  });
});
