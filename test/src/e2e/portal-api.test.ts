import { guestToken, requirePortal, waitFor } from '../lib/portal';

jest.setTimeout(600_000);

/**
 * The running portal's own APIs, end to end: catalog content from catalog/, the permission policy,
 * and the template's input rules (test/src/scaffolder/template-service.test.ts runs the template).
 */
describe('portal APIs', () => {
  let url: string;
  let token: string;
  const get = (path: string) =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    url = await requirePortal();
    token = await guestToken(url);
  });

  it('serves the example catalog with the Cellport annotations', async () => {
    const entity = await waitFor('payments-api in the catalog', async () => {
      const res = await get('/api/catalog/entities/by-name/component/default/payments-api');
      return res.ok ? ((await res.json()) as any) : undefined;
    });
    expect(entity.metadata.annotations).toMatchObject({
      'cellport.io/app': 'payments-api',
      'cellport.io/image': 'payments/payments-api',
    });
    const groups = await waitFor('the example groups', async () => {
      const res = await get('/api/catalog/entities/by-query?filter=kind=group&limit=50');
      const body = (await res.json()) as any;
      return body.items?.length >= 5 ? body.items : undefined;
    });
    expect(groups.map((g: any) => g.metadata.name)).toEqual(
      expect.arrayContaining(['platform', 'platform-admins', 'payments-team', 'storefront-team']),
    );
  });

  it('refuses catalog location registration to a non-admin (the policy is not allow-all)', async () => {
    const res = await fetch(`${url}/api/catalog/locations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: 'https://example.invalid/catalog-info.yaml' }),
    });
    expect(res.status).toBe(403);
  });

  it('rejects template input that breaks the name rule', async () => {
    const res = await fetch(`${url}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        templateRef: 'template:default/cellport-service',
        values: { name: 'Not_A_DNS_Label', owner: 'group:default/platform' },
      }),
    });
    expect(res.status).toBe(400);
  });
});
