import http from 'node:http';
import { AddressInfo } from 'node:net';
import { parseImage, RegistryImagePuller } from './ImagePuller';

/** A registry with token auth like distribution's: one repository, one tag, user alice. */
async function fakeRegistry() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/token') {
      const ok =
        req.headers.authorization ===
        `Basic ${Buffer.from('alice:pw').toString('base64')}`;
      res
        .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify(ok ? { token: 'good' } : {}));
      return;
    }
    if (req.headers.authorization !== 'Bearer good') {
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="reg",scope="repository:team/app:pull"`,
        })
        .end();
      return;
    }
    if (url.pathname === '/v2/team/app/manifests/v1') {
      res.writeHead(200, { 'docker-content-digest': 'sha256:abc' }).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    server,
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

describe('RegistryImagePuller', () => {
  it('parses references like containerd', () => {
    expect(parseImage('127.0.0.1:5050/team/app:v1')).toEqual({
      host: '127.0.0.1:5050',
      repository: 'team/app',
      reference: 'v1',
    });
    expect(parseImage('registry.example/a/b')).toEqual({
      host: 'registry.example',
      repository: 'a/b',
      reference: 'latest',
    });
    expect(parseImage('example/shop:1.0.0')).toBeUndefined();
  });

  it('resolves with the pull secret, and fails like containerd on a missing tag or refused credentials', async () => {
    const { server, host } = await fakeRegistry();
    try {
      const puller = new RegistryImagePuller([host]);
      expect(puller.handles(`${host}/team/app:v1`)).toBe(true);
      expect(puller.handles('other.example/team/app:v1')).toBe(false);
      const auths = {
        [host]: { auth: Buffer.from('alice:pw').toString('base64') },
      };
      expect(await puller.pull(`${host}/team/app:v1`, auths)).toEqual({
        ok: true,
        digest: 'sha256:abc',
      });
      const missing = await puller.pull(`${host}/team/app:never-built`, auths);
      expect(missing).toEqual({
        ok: false,
        message: expect.stringMatching(
          /failed to resolve reference ".*:never-built": .*:never-built: not found$/,
        ),
      });
      const refused = await puller.pull(`${host}/team/app:v1`, {
        [host]: { username: 'alice', password: 'wrong' },
      });
      expect(refused).toEqual({
        ok: false,
        message: expect.stringContaining(
          'failed to authorize: failed to fetch oauth token: unexpected status from GET request to',
        ),
      });
      const anonymous = await puller.pull(`${host}/team/app:v1`, {});
      expect(anonymous).toEqual({
        ok: false,
        message: expect.stringContaining('failed to fetch anonymous token'),
      });
    } finally {
      server.close();
    }
  });
});
