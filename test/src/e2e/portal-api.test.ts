import { guestToken, requirePortal, waitFor } from '../lib/portal';
import { getThroughNginx } from '../slb/nginxGet';
import { HOSTS } from '../slb/portalSlb';

jest.setTimeout(600_000);

/**
 * The running portal's own APIs, end to end: catalog content from catalog/, the permission policy,
 * and the first scaffolder template executed for real.
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

  it('runs the cellport-service template to completion: image repository, app, first version Ready in both cells', async () => {
    await waitFor('the template in the catalog', async () => {
      const res = await get('/api/catalog/entities/by-name/template/default/cellport-service');
      return res.ok ? true : undefined;
    });
    // an image group the guest owns (already there when the suite reruns on the same state)
    const group = await fetch(`${url}/api/registry/groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e' }),
    });
    expect([201, 409]).toContain(group.status);
    const run = async () => {
      const res = await fetch(`${url}/api/scaffolder/v2/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          templateRef: 'template:default/cellport-service',
          values: {
            name: 'e2e-svc',
            description: 'from the e2e test',
            owner: 'group:default/platform',
            imageGroup: 'e2e',
            cells: ['dev-1', 'dev-2'],
            lbGroup: 'dev-public',
            domainSuffix: 'dev.cellport.local',
          },
        }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const task = await waitFor('the scaffolder task to finish', async () => {
        const body = (await (await get(`/api/scaffolder/v2/tasks/${id}`)).json()) as any;
        return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
      }, 300_000, 500);
      const events = (await (await get(`/api/scaffolder/v2/tasks/${id}/events`)).json()) as any[];
      const log = events.map(e => e.body?.message ?? '').join('\n');
      // a failed task fails the test with its log (the step's reason is in it)
      if (task.status !== 'completed') throw new Error(`task ${task.status}:\n${log}`);
      return { task, log };
    };

    const first = await run();
    // the first run creates, a run on the suite's old state reuses
    expect(first.log).toMatch(/(Created the image repository|Image repository) e2e\/e2e-svc/);
    expect(first.log).toContain('e2e-svc v1 in dev-1: Ready');
    expect(first.log).toContain('e2e-svc v1 in dev-2: Ready');
    const app = (await (await get('/api/cells/apps/e2e-svc')).json()) as any;
    expect(app).toMatchObject({ imageRepository: 'e2e/e2e-svc', createdBy: 'user:default/guest' });
    const overview = (await (await get('/api/cells/apps/e2e-svc/overview')).json()) as any;
    for (const cell of overview.cells) {
      expect(cell.pods.filter((p: any) => p.version === 'v1' && p.ready)).toHaveLength(1);
    }
    // served through both Nginx hosts of the LB group under its new domain
    const domain = 'e2e-svc.dev.cellport.local';
    expect(first.log).toMatch(/(Created the domain|Domain) e2e-svc\.dev\.cellport\.local/);
    for (const h of HOSTS) {
      await waitFor(`${domain} through ${h.host}`, async () => {
        const res = await getThroughNginx(h.address, domain);
        return res.status === 200 ? res : undefined;
      }, 120_000, 500);
    }

    // the default alerts, loaded by Prometheus
    expect(first.log).toMatch(/(Created the alert rule error-ratio|Alert rule error-ratio) of e2e-svc/);
    const rules = (await (await get('/api/observability/apps/e2e-svc/alerts/rules')).json()) as any;
    expect(rules.items.map((r: any) => r.name).sort()).toEqual(['error-ratio', 'latency-p99', 'restarts']);

    // a rerun with the same inputs reuses everything and completes
    const again = await run();
    expect(again.log).toContain('Image repository e2e/e2e-svc exists: reused');
    expect(again.log).toContain('App e2e-svc exists in dev-1, dev-2: reused');
    expect(again.log).toContain('Version v1 of e2e-svc exists: reused');
    expect(again.log).toContain(`Domain ${domain} exists: reused`);
    expect(again.log).toContain('Alert rule restarts of e2e-svc is as given: reused');

    // the template's last step notified the user who ran it
    const notifications = await waitFor('the notification', async () => {
      const body = (await (await get('/api/notifications/notifications?limit=20')).json()) as any;
      const found = body.notifications?.filter(
        (n: any) => n.payload.title === 'Service e2e-svc runs in dev-1, dev-2',
      );
      return found?.length ? found : undefined;
    });
    expect(notifications[0].user).toBe('user:default/guest');
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
