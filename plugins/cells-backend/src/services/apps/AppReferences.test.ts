import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CatalogRegistryReferences, parseComponentRef } from './AppReferences';

const alice = mockCredentials.user('user:default/alice');

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
});

describe('references of an app', () => {
  let server: http.Server;
  let baseUrl: string;
  /** Paths the registry stand-in was asked, with their authorization header. */
  const asked: Array<{ path: string; authorization?: string }> = [];

  beforeAll(async () => {
    // the registry plugin's GET /repositories/:group/:name: payments/api exists, nothing else
    server = http.createServer((req, res) => {
      asked.push({ path: req.url!, authorization: req.headers.authorization });
      if (req.url === '/repositories/payments/api') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ group: 'payments', name: 'api' }));
      } else if (req.url === '/repositories/broken/api') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'database down' } }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { name: 'NotFoundError', message: 'no' } }),
        );
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(r => server.close(r)));

  const references = (registryUrl: string | null = 'http://registry') =>
    CatalogRegistryReferences.create({
      catalog: catalogServiceMock({ entities: [component('payments-api')] }),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth(),
      config: mockServices.rootConfig({
        data: registryUrl ? { registry: { url: registryUrl } } : {},
      }),
    });

  it('parses component references strictly, to their canonical form', () => {
    expect(parseComponentRef('payments-api')).toBe(
      'component:default/payments-api',
    );
    expect(parseComponentRef('Component:Default/Payments-API')).toBe(
      'component:default/payments-api',
    );
    expect(() => parseComponentRef('not a ref at all')).toThrow(
      "componentRef 'not a ref at all' is not an entity reference: use a catalog Component reference such as 'component:default/payments-api' or 'payments-api'",
    );
    expect(() => parseComponentRef('group:default/payments')).toThrow(
      /names a group, not a Component/,
    );
  });

  it('accepts a Component of the catalog and refuses one that is not there', async () => {
    await expect(
      references().checkComponentRef('payments-api', alice),
    ).resolves.toBe('component:default/payments-api');
    await expect(
      references().checkComponentRef('component:default/nope', alice),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        'componentRef: there is no Component component:default/nope in the catalog (or you may not see it); register it first, or leave the field empty',
    });
  });

  it('asks the registry on behalf of the user whether the image repository exists', async () => {
    asked.length = 0;
    await expect(
      references().checkImageRepository('payments/api', alice),
    ).resolves.toBeUndefined();
    expect(asked).toEqual([
      {
        path: '/repositories/payments/api',
        authorization: expect.stringContaining('Bearer '),
      },
    ]);
    // the token carries alice, so that the registry hides what she may not see
    expect(asked[0].authorization).toContain('alice');
    await expect(
      references().checkImageRepository('payments/ghost', alice),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        "imageRepository: there is no image repository 'payments/ghost' in the registry (or you may not see it); create it there first, or leave the field empty",
    });
    await expect(
      references().checkImageRepository('Not A Repo', alice),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      references().checkImageRepository('broken/api', alice),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('HTTP 500: database down'),
    });
  });

  it('checks only the name when no registry is configured', async () => {
    asked.length = 0;
    await expect(
      references(null).checkImageRepository('payments/ghost', alice),
    ).resolves.toBeUndefined();
    expect(asked).toEqual([]);
  });
});
