import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CellportApi } from './CellportApi';

describe('CellportApi', () => {
  let server: http.Server;
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
    body: string;
  }> = [];
  const answers: Record<string, [number, string]> = {
    'GET /api/cells/apps/x': [200, '{"name":"x"}'],
    'GET /api/cells/apps/missing': [
      404,
      '{"error":{"name":"NotFoundError","message":"App \'missing\' not found"}}',
    ],
    'POST /api/cells/apps': [
      400,
      '{"error":{"name":"InputError","message":"choose at least one cell"}}',
    ],
    'POST /api/registry/groups/g/repositories': [
      403,
      '{"error":{"name":"NotAllowedError","message":"needs the Developer role"}}',
    ],
    'DELETE /api/cells/apps/x': [204, ''],
    'GET /api/cells/broken': [502, 'bad gateway'],
    'GET /api/cells/apps/x/versions?limit=500': [
      200,
      '{"items":[{"name":"v2"},{"name":"v1"}],"nextCursor":"after-v1"}',
    ],
    'GET /api/cells/apps/x/versions?limit=500&cursor=after-v1': [
      200,
      '{"items":[{"name":"v0"}]}',
    ],
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          body,
        });
        const [status, text] = answers[`${req.method} ${req.url}`] ?? [500, ''];
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  const api = () => {
    const port = (server.address() as AddressInfo).port;
    return CellportApi.forCredentials(
      {
        auth: mockServices.auth(),
        discovery: {
          getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
          getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        },
      },
      mockCredentials.user('user:default/alice'),
    );
  };

  it('calls the plugin with a token on behalf of the user, for that plugin', async () => {
    await expect(api().request('cells', 'GET', '/apps/x')).resolves.toEqual({
      name: 'x',
    });
    const token = seen[seen.length - 1].authorization!.replace(/^Bearer /, '');
    expect(token).toBe(
      mockCredentials.service.token({
        onBehalfOf: mockCredentials.user('user:default/alice'),
        targetPluginId: 'cells',
      }),
    );
  });

  it("throws the plugin's error with its kind and message as sent", async () => {
    await expect(
      api().request('cells', 'POST', '/apps', { name: 'x' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'choose at least one cell',
    });
    expect(seen[seen.length - 1].body).toBe('{"name":"x"}');
    await expect(
      api().request('registry', 'POST', '/groups/g/repositories', {}),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'needs the Developer role',
    });
    await expect(
      api().request('cells', 'GET', '/apps/missing'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: "App 'missing' not found",
    });
    await expect(api().request('cells', 'GET', '/broken')).rejects.toThrow(
      'bad gateway',
    );
  });

  it('lists every item of a list route, page after page', async () => {
    await expect(
      api().listAll<{ name: string }>('cells', '/apps/x/versions'),
    ).resolves.toEqual([{ name: 'v2' }, { name: 'v1' }, { name: 'v0' }]);
    expect(seen.slice(-2).map(r => r.url)).toEqual([
      '/api/cells/apps/x/versions?limit=500',
      '/api/cells/apps/x/versions?limit=500&cursor=after-v1',
    ]);
  });

  it('finds nothing on 404 and answers undefined on 204', async () => {
    await expect(api().find('cells', '/apps/missing')).resolves.toBeUndefined();
    await expect(api().find('cells', '/apps/x')).resolves.toEqual({
      name: 'x',
    });
    await expect(
      api().request('cells', 'DELETE', '/apps/x'),
    ).resolves.toBeUndefined();
  });
});
