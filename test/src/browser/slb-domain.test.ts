/**
 * Issue 12's browser flow against the portal's LB group dev-public: alice creates a domain for her
 * app on the Domains page, sees its upstream servers from both simulated cells and every Nginx
 * host's applied revision, then fetches a page of the app through both Nginx hosts.
 */
import { screenshotAtWidths } from '../lib/browser';
import { portalBrowserSuite, signInWithToken } from '../lib/browserSession';
import { versionSpec } from '../cells/api';
import { HOSTS } from '../slb/portalSlb';
import { getThroughNginx } from '../slb/nginxGet';

jest.setTimeout(420_000);

describe('slb domain in Chromium', () => {
  const app = `sd${Date.now().toString(36)}`;
  const domain = `${app}.example.com`;
  const suite = portalBrowserSuite('cells', 'slb-domain-last');

  it('creates a domain, shows both cells and every host, and serves the app through Nginx', async () => {
    const { page, url, api: cells } = suite;
    await signInWithToken(suite, `${url}/cells`, 'alice');
    await cells('POST', '/apps', { name: app, production: true, cells: ['dev-1', 'dev-2'] });
    await cells('POST', `/apps/${app}/versions`, { name: 'v1', spec: versionSpec({ 'dev-1': 1, 'dev-2': 1 }) });

    await page.goto(`${url}/slb`);
    await page.getByRole('heading', { name: 'Domains' }).first().waitFor();
    await page.getByRole('textbox', { name: 'Domain', exact: true }).fill(domain);
    await page.getByRole('textbox', { name: 'App', exact: true }).fill(app);
    await screenshotAtWidths(page, 'slb-domains');
    await page.getByRole('button', { name: 'Create domain' }).click();

    // the domain page: CNAME, VIP, the servers of both cells, both hosts converged
    await page.waitForURL(`**/slb/domains/${domain}`);
    await page.locator('table', { hasText: 'VIP' }).getByText('dev-public.lb.dev.cellport.local').waitFor();
    const servers = page.locator('table', { hasText: 'Upstream' });
    await servers.getByText('dev-1').first().waitFor({ timeout: 120_000 });
    await servers.getByText('dev-2').first().waitFor({ timeout: 120_000 });
    const hosts = page.locator('table', { hasText: 'Applied revision' });
    for (const h of HOSTS) await hosts.getByText(h.host).waitFor();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('table')].some(
          t => t.textContent?.includes('Applied revision') && t.textContent.split('converged').length === 3,
        ),
      undefined,
      { timeout: 60_000 },
    );
    await page.getByText(`server_name ${domain};`).waitFor();
    await screenshotAtWidths(page, 'slb-domain');

    for (const h of HOSTS) {
      const res = await getThroughNginx(h.address, domain);
      expect(res.status).toBe(200);
    }
  });

  it("shows the app's domains on its cells page, linking to the domain page, and offers a release step's traffic share", async () => {
    const { page, url, api: cells } = suite;
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${url}/cells/${app}`);
    const link = page.getByRole('link', { name: domain, exact: true });
    await link.waitFor({ timeout: 60_000 });
    const row = page.locator('tr', { has: link });
    await row.getByText('LB group dev-public (public)').waitFor();
    expect(await row.locator('code').textContent()).toBe('dev-public.lb.dev.cellport.local');
    await row.getByText('2 in 2 cells').waitFor({ timeout: 60_000 });
    await row.getByText(/^2\/2 hosts at r\d+$/).waitFor({ timeout: 60_000 });
    await screenshotAtWidths(page, 'slb-app-domains-card');

    // the release dialog offers each step's traffic share, as the app has a domain
    await cells('POST', `/apps/${app}/versions`, {
      name: 'v2',
      spec: versionSpec({ 'dev-1': 1, 'dev-2': 1 }, {}, 'example/shop:2.0.0'),
    });
    await page.reload();
    await page.getByTestId('app-header').getByRole('button', { name: 'Start release' }).first().click();
    const dialog = page.getByRole('dialog');
    const share = dialog.getByRole('spinbutton', { name: 'Traffic %' });
    await share.first().waitFor();
    expect(await share.count()).toBe(2);
    await share.first().fill('150');
    await dialog.getByTestId('plan-problems').getByText(/trafficPercent must be from 0 to 100/).waitFor();
    await share.first().fill('10');
    await screenshotAtWidths(page, 'slb-release-traffic-share');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await link.click();
    await page.waitForURL(`**/slb/domains/${domain}`);
    await page.getByText(`server_name ${domain};`).waitFor();
  });
});
