/**
 * The main flow of issue 5 in Chromium, against the portal's two simulated cells: alice creates an
 * app in dev-1 and dev-2, deploys v1, deploys v2, starts a release (1-replica canary in dev-1, then
 * both cells at 100%), watches it progress on the timeline and sees it succeed: both cells serve
 * v2 and v1 is gone, and she is notified. The cells are checked through the plugin's API too.
 */
import { Browser, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import { launchBrowser, screenshot, signInAs } from '../lib/browser';

jest.setTimeout(420_000);

describe('cells release in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page;
  let token = '';
  const app = `br${Date.now().toString(36)}`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // the frontend's own token, to check the cells through the API as alice
    page.on('request', req => {
      const auth = req.headers().authorization;
      if (auth?.startsWith('Bearer ') && req.url().includes('/api/cells/')) {
        token = auth.slice('Bearer '.length);
      }
    });
  });

  afterAll(async () => {
    if (page) {
      await screenshot(page, 'cells-release-last').catch(() => undefined);
    }
    await browser?.close();
  });

  async function api(path: string) {
    const res = await fetch(`${url}/api/cells${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  /** Polls alice's notifications until one has `title`. */
  async function eventuallyNotified(title: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(
        `${url}/api/notifications/notifications?limit=50`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const body = (await res.json()) as {
        notifications?: Array<{ payload: { title: string; link?: string } }>;
      };
      const found = body.notifications?.find(n => n.payload.title === title);
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no notification '${title}': ${JSON.stringify(body)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }

  async function deployVersion(name: string, replicas: number) {
    await page
      .getByTestId('app-header')
      .getByRole('button', { name: 'New version' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Version name/ }).fill(name);
    await dialog
      .getByRole('textbox', { name: /^Image/ })
      .fill(`127.0.0.1:5050/demo/${app}:${name}`);
    for (const cell of ['dev-1', 'dev-2']) {
      await dialog.getByLabel(cell, { exact: true }).fill(String(replicas));
    }
    await dialog.getByRole('button', { name: 'Create version' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
  }

  it('alice creates an app in two cells, deploys a version and releases the next one', async () => {
    await page.goto(`${url}/cells`);
    await signInAs(page, 'alice');

    // --- create the app in both simulated cells ------------------------------------------------
    await page.getByRole('button', { name: 'Create app' }).click();
    const create = page.getByRole('dialog');
    await create.getByRole('textbox', { name: /^Name/ }).fill(app);
    await create.getByLabel('Cell dev-1').check();
    await create.getByLabel('Cell dev-2').check();
    await create.getByLabel('Production app').check();
    await create.getByRole('button', { name: 'Create app' }).click();
    await page.waitForURL(new RegExp(`/cells/${app}$`), { timeout: 120_000 });
    await screenshot(page, 'cells-release-1-created');

    // --- first version: deployed straight to both cells -----------------------------------------
    await deployVersion('v1', 2);
    const matrix = page.getByRole('table', { name: 'Versions by cell' });
    await matrix.getByText('2/2').nth(1).waitFor({ timeout: 120_000 });
    await screenshot(page, 'cells-release-2-v1');

    // --- second version, then a release: dev-1 canary of one pod, then both cells at 100% -------
    await deployVersion('v2', 2);
    await page.getByRole('tab', { name: 'Releases' }).click();
    await page.getByRole('button', { name: 'Start release' }).first().click();
    const start = page.getByRole('dialog');
    await start.getByText('Step 1').waitFor();
    await start.getByRole('button', { name: 'Start release' }).click();
    await start.waitFor({ state: 'detached' });

    // live progress on the timeline, without reloading the page
    await page
      .getByText(/running|progressing|baking/i)
      .first()
      .waitFor();
    await screenshot(page, 'cells-release-3-progress');
    await page
      .getByText('succeeded', { exact: true })
      .first()
      .waitFor({ timeout: 300_000 });
    // the page follows: the header names the new current version, the list shows the end
    await page.getByText('current version v2').waitFor();
    await screenshot(page, 'cells-release-4-succeeded');

    // --- the result: both cells serve v2, v1 is gone --------------------------------------------
    const detail = await api(`/apps/${app}`);
    expect(detail.currentVersion).toBe('v2');
    expect(
      detail.cells.map((c: { stableVersion: string }) => c.stableVersion),
    ).toEqual(['v2', 'v2']);
    const overview = await api(`/apps/${app}/overview`);
    for (const cell of overview.cells) {
      expect(cell.reachable).toBe(true);
      expect(cell.versions.map((v: { version: string }) => v.version)).toEqual([
        'v2',
      ]);
      expect(cell.versions[0].ready).toBe(2);
    }
    // alice is told through Backstage notifications
    const notification = await eventuallyNotified(
      `${app}: release of v2 succeeded`,
    );
    expect(notification.payload.link).toBe(`/cells/${app}/releases`);
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page
      .getByRole('table', { name: 'Versions by cell' })
      .getByText('v2')
      .first()
      .waitFor();
  });
});
