import { matchesSearch } from './RegistryHome';
import { describeActivity } from './activityDetails';

describe('matchesSearch', () => {
  it('matches name or description, case-insensitively; empty matches all', () => {
    const repo = { name: 'team/app', description: 'The Shop backend' };
    expect(matchesSearch(repo, '')).toBe(true);
    expect(matchesSearch(repo, ' APP ')).toBe(true);
    expect(matchesSearch(repo, 'shop')).toBe(true);
    expect(matchesSearch(repo, 'other')).toBe(false);
  });
});

describe('describeActivity', () => {
  it('summarises tag, member, role and digest', () => {
    const base = { id: 1, group: 'g', action: 'x', actor: 'a', createdAt: '' };
    expect(
      describeActivity({
        ...base,
        details: { tag: 'v1', digest: `sha256:${'a'.repeat(64)}` },
      }),
    ).toBe(`tag v1 · sha256:${'a'.repeat(12)}`);
    expect(
      describeActivity({
        ...base,
        details: { member: 'user:default/bob', role: 'reporter' },
      }),
    ).toBe('member user:default/bob · role reporter');
  });
});
