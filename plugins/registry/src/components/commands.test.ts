import { dockerLoginCommand } from './CredentialsPage';
import { pullCommand } from './RepositoryPage';

describe('registry commands', () => {
  it('builds the pull command of a tag', () => {
    expect(pullCommand('registry.example.com:5050', 'payments/ledger', 'v1.2')).toBe(
      'docker pull registry.example.com:5050/payments/ledger:v1.2',
    );
  });

  it('builds the docker login line with the secret from stdin', () => {
    expect(dockerLoginCommand('127.0.0.1:5050', 'alice')).toBe(
      'docker login 127.0.0.1:5050 -u alice --password-stdin',
    );
  });
});
