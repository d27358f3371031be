import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpCellsScalingService } from './scalingService';
import { HttpCellsTrafficShares } from './trafficShares';

type Seen = { method?: string; url?: string; auth?: string; body: string };

/** A stand-in of the cells plugin on loopback that records each request. */
async function cellsServer(
  answer: (req: IncomingMessage) => { status: number; body?: unknown },
) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body,
      });
      const { status, body: out } = answer(req);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(out === undefined ? undefined : JSON.stringify(out));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const discovery = {
    getBaseUrl: async (plugin: string) =>
      `http://127.0.0.1:${port}/api/${plugin}`,
    getExternalBaseUrl: async (plugin: string) =>
      `http://127.0.0.1:${port}/api/${plugin}`,
  } as DiscoveryService;
  const auth = {
    getOwnServiceCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:slb' },
    }),
    getPluginRequestToken: async (o: { targetPluginId: string }) => ({
      token: `token-for-${o.targetPluginId}`,
    }),
  } as unknown as AuthService;
  return {
    seen,
    discovery,
    auth,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('the HTTP clients of the cells plugin', () => {
  it('reads the traffic shares with a service token for the cells plugin', async () => {
    const share = { app: 'a', releaseId: 'r', version: 'v2', percent: 10 };
    const s = await cellsServer(() => ({
      status: 200,
      body: { items: [share] },
    }));
    try {
      const shares = new HttpCellsTrafficShares(s.discovery, s.auth);
      await expect(shares.listShares()).resolves.toEqual([share]);
      expect(s.seen).toEqual([
        {
          method: 'GET',
          url: '/api/cells/traffic-shares',
          auth: 'Bearer token-for-cells',
          body: '',
        },
      ]);
    } finally {
      await s.close();
    }
  });

  it('scales with a JSON body and reports the server error as sent', async () => {
    const s = await cellsServer(req =>
      req.method === 'PUT'
        ? { status: 204 }
        : {
            status: 409,
            body: {
              error: { name: 'ConflictError', message: 'cell c1 is full' },
              request: { method: 'GET', url: req.url },
              response: { statusCode: 409 },
            },
          },
    );
    try {
      const scaling = new HttpCellsScalingService(s.discovery, s.auth);
      await scaling.scale({
        app: 'my app',
        cell: 'c1',
        version: 'v1',
        replicas: 3,
        reason: 'evacuation',
      });
      expect(s.seen[0]).toEqual({
        method: 'PUT',
        url: '/api/cells/scaling/apps/my%20app/cells/c1',
        auth: 'Bearer token-for-cells',
        body: JSON.stringify({ version: 'v1', replicas: 3, reason: 'evacuation' }),
      });
      const error = await scaling.getPlacement('a').catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.body.error.message).toBe('cell c1 is full');
      expect(s.seen[1]).toMatchObject({ method: 'GET', body: '' });
    } finally {
      await s.close();
    }
  });
});
