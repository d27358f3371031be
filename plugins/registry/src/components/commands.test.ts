import { pullCommand, shortDigest } from './RepositoryPage';

describe('registry commands', () => {
  it('builds the pull command of a tag', () => {
    expect(pullCommand('registry.example.com:5050', 'payments/ledger', 'v1.2')).toBe(
      'docker pull registry.example.com:5050/payments/ledger:v1.2',
    );
  });

  it('shortens a digest the way docker does', () => {
    expect(shortDigest(`sha256:${'ab12'.repeat(16)}`)).toBe('ab12ab12ab12');
  });
});
