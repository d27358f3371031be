import { breakParts } from './CommandLine';

describe('CommandLine', () => {
  it('breaks an image reference after / and :, never inside a host:port', () => {
    expect(breakParts('docker pull 127.0.0.1:5000/team/web:latest')).toEqual([
      'docker pull 127.0.0.1:5000/',
      'team/',
      'web:',
      'latest',
    ]);
    expect(breakParts('podman login --tls-verify=false -u alice 127.0.0.1:32050')).toEqual([
      'podman login --tls-verify=false -u alice 127.0.0.1:32050',
    ]);
  });
});
