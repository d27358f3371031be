import {
  isLoopbackHost,
  loginCommand,
  pipedLoginCommand,
  registryUsername,
  trustPlainHttp,
} from './loginCommands';

describe('registry login commands', () => {
  it('gives the exact login line of each tool, with --tls-verify=false for a plain-HTTP registry', () => {
    expect(loginCommand('docker', '127.0.0.1:5050', 'alice', true)).toBe(
      'docker login -u alice --password-stdin 127.0.0.1:5050',
    );
    expect(loginCommand('podman', '127.0.0.1:5050', 'alice', true)).toBe(
      'podman login --tls-verify=false -u alice --password-stdin 127.0.0.1:5050',
    );
    expect(loginCommand('skopeo', '127.0.0.1:5050', 'alice', true)).toBe(
      'skopeo login --tls-verify=false -u alice --password-stdin 127.0.0.1:5050',
    );
    expect(loginCommand('buildah', 'registry.example.com', 'alice', false)).toBe(
      'buildah login -u alice --password-stdin registry.example.com',
    );
    expect(pipedLoginCommand('docker', 'r.example.com', 'bob', false)).toBe(
      `printf '%s' "$CELLPORT_TOKEN" | docker login -u bob --password-stdin r.example.com`,
    );
  });

  it('recognises a loopback registry and the registry user name', () => {
    expect(isLoopbackHost('127.0.0.1:5050')).toBe(true);
    expect(isLoopbackHost('localhost:5000')).toBe(true);
    expect(isLoopbackHost('registry.example.com')).toBe(false);
    expect(registryUsername('user:default/alice')).toBe('alice');
    expect(registryUsername('user:team-a/bob')).toBe('team-a/bob');
  });

  it('says how docker and the containers tools trust a plain-HTTP registry', () => {
    const [docker, containers] = trustPlainHttp('10.0.0.5:5000');
    expect(JSON.parse(docker.content)).toEqual({
      'insecure-registries': ['10.0.0.5:5000'],
    });
    expect(containers.content).toBe(
      '[[registry]]\nlocation = "10.0.0.5:5000"\ninsecure = true',
    );
  });
});
