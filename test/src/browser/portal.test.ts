import { Browser, Locator, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import {
  launchBrowser,
  screenshot,
  screenshotAtWidths,
  signInAs,
  signInAsGuest,
} from '../lib/browser';

jest.setTimeout(180_000);

/**
 * Fails when an element's text breaks inside a word: each word must sit on one line (a line
 * break between words is fine).
 */
async function expectOneLinePerWord(locator: Locator, what: string) {
  const broken = await locator.evaluate(element => {
    const result: string[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const re = /\S+/g;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(
          Array.from(range.getClientRects()).map(r => Math.round(r.top)),
        );
        if (tops.size > 1) {
          result.push(m[0]);
        }
      }
    }
    return result;
  });
  expect({ what, broken }).toEqual({ what, broken: [] });
}

describe('the Cellport portal in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
  });

  let testNumber = 0;
  afterEach(async () => {
    // the last state of every test, kept for diagnosis
    testNumber++;
    await screenshot(page, `last-portal-${testNumber}`).catch(() => undefined);
    await page?.context().close();
  });

  it('signs in as guest, lists the catalog, opens an entity and the templates', async () => {
    await page.goto(url);
    await signInAsGuest(page);
    await page.getByText('Welcome to Cellport').waitFor();
    await screenshotAtWidths(page, 'home');

    await page.goto(`${url}/catalog?filters[kind]=component&filters[user]=all`);
    for (const title of ['Payments API', 'Ledger', 'Checkout']) {
      await page.getByRole('link', { name: title, exact: true }).first().waitFor();
    }
    await screenshotAtWidths(page, 'catalog');
    // at both widths, a name never breaks inside a word ("Paymen ts API")
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      // the table re-measures its columns after a resize
      await page.waitForTimeout(500);
      const link = page.getByRole('link', { name: 'Payments API', exact: true }).first();
      await expectOneLinePerWord(link, `'Payments API' at ${width} px`);
    }

    await page.getByRole('link', { name: 'Payments API', exact: true }).first().click();
    await page.waitForURL(/\/catalog\/default\/component\/payments-api/);
    await page.getByText('Accepts card payments and refunds').first().waitFor();
    await screenshot(page, 'entity-payments-api');

    await page.goto(`${url}/create`);
    await page.getByText('Cellport HTTP service').first().waitFor();
    await screenshot(page, 'templates');
  });

  async function openRegions() {
    await page.getByRole('link', { name: 'Cells' }).first().click();
    await page.getByRole('tab', { name: 'Regions and cells' }).click();
    await page.getByText('Region dev').waitFor();
  }

  it('shows the two simulated cells of region dev on the Cells page, cluster details to admins only', async () => {
    await page.goto(url);
    await signInAsGuest(page);
    await openRegions();
    for (const cell of ['dev-1', 'dev-2']) {
      const row = page.locator('tr', { hasText: cell });
      await row.getByText('simulated').waitFor();
      await row.getByText('reachable').waitFor();
      // the Kubernetes version is a cluster detail (cells.clusters.read): not shown to guest
      expect(await row.getByText(/^v1\.\d+/).count()).toBe(0);
    }
    await screenshot(page, 'cells');
  });

  it('shows a platform admin the Kubernetes version of each simulated cell (v1.26)', async () => {
    await page.goto(url);
    await signInAs(page, 'erin');
    await openRegions();
    for (const cell of ['dev-1', 'dev-2']) {
      const row = page.locator('tr', { hasText: cell });
      await row.getByText('reachable').waitFor();
      await row.getByText(/^v1\.26\.\d+/).waitFor();
    }
    await screenshotAtWidths(page, 'regions-admin');
  });

  it('signs in as a catalog user through the development OIDC provider', async () => {
    await page.goto(url);
    await signInAs(page, 'alice');
    await page.getByText('Welcome to Cellport').waitFor();
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByText('Alice Arnold').first().waitFor();
    await page.getByText('alice@cellport.example').first().waitFor();
    await screenshot(page, 'signed-in-as-alice');
  });

  it('stays signed in as a catalog user across a reload, a direct link and a new tab', async () => {
    await page.goto(url);
    await signInAs(page, 'alice');
    await page.getByText('Welcome to Cellport').waitFor();

    // the sign-in left a refresh cookie: the OIDC provider's refresh answers for alice
    const refresh = await page.request.get(
      `${url}/api/auth/oidc/refresh?optional&env=development`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    expect(refresh.status()).toBe(200);
    const session = await refresh.json();
    expect(session.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/alice',
    );

    // a reload shows the page, not the sign-in page
    await page.goto(`${url}/settings`);
    await page.reload();
    await page.getByText('alice@cellport.example').first().waitFor();
    expect(await page.getByText('Sign in as a user').count()).toBe(0);

    // a new tab opened on a direct link, in the same browser profile
    const tab = await page.context().newPage();
    try {
      await tab.goto(`${url}/catalog/default/user/alice`);
      await tab.getByText('Alice Arnold').first().waitFor({ timeout: 60_000 });
      await tab.goto(`${url}/settings`);
      await tab.getByText('alice@cellport.example').first().waitFor();
      expect(await tab.getByText('Sign in as a user').count()).toBe(0);
      await screenshot(tab, 'signed-in-new-tab');
    } finally {
      await tab.close();
    }
  });
});
