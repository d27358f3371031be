/**
 * "Add cell" on a cells app page in Chromium, against the running portal: alice's app runs v1 in
 * dev-1; the dialog offers dev-2 (the region's other cell) with v1 preselected, shows the server's
 * refusal of too many replicas as sent, then adds dev-2 with one replica, and the versions-by-cell
 * card shows v1 in both cells. Screenshots at 1440 and 1024 px (cells-add-cell-dialog, cells-add-cell-done).
 */
import { Browser, Page } from 'playwright-core';
import { requirePortal, waitFor } from '../lib/portal';
import { expectReachable, launchBrowser, recordToken, screenshot, screenshotAtWidths, signInAs } from '../lib/browser';

jest.setTimeout(420_000);

describe('adding a cell to an app in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page;
  let token: () => string;
  const app = `ac${Date.now().toString(36)}`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    token = recordToken(page, 'cells');
  });

  afterAll(async () => {
    if (page) await screenshot(page, 'cells-add-cell-last').catch(() => undefined);
    await browser?.close();
  });

  async function cells(method: string, path: string, body?: unknown) {
    const res = await fetch(`${url}/api/cells${path}`, {
      method,
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  it('adds dev-2 to an app of dev-1 from the app page', async () => {
    await page.goto(`${url}/cells`);
    await signInAs(page, 'alice');
    await waitFor('a cells token', async () => {
      try {
        return token();
      } catch {
        return undefined;
      }
    });
    await cells('POST', '/apps', { name: app, cells: ['dev-1'] });
    await cells('POST', `/apps/${app}/versions`, {
      name: 'v1',
      spec: {
        image: 'example/shop:1.0.0',
        replicas: { 'dev-1': 1 },
        env: [],
        healthCheck: { path: '/healthz', periodSeconds: 1 },
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      },
    });

    await page.goto(`${url}/cells/${app}`);
    await page.getByRole('button', { name: 'Add cell' }).click();
    const dialog = page.getByRole('dialog');
    // the dialog offers the region's cells once it has read them: the first one the app lacks
    await waitFor('the dialog to preselect dev-2', async () =>
      (await dialog.getByLabel('Cell').inputValue()) === 'dev-2' ? true : undefined,
    );
    await waitFor('the dialog to preselect v1', async () =>
      (await dialog.getByLabel('Version').inputValue()) === 'v1' ? true : undefined,
    );
    // more replicas than the cell's nodes take: the server's refusal, at the dialog's top
    await dialog.getByLabel('Replicas').fill('500');
    await dialog.getByRole('button', { name: 'Add cell' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/dev-2/);
    await expectReachable(refusal, "the server's refusal");
    await screenshotAtWidths(page, 'cells-add-cell-dialog');

    await page.setViewportSize({ width: 1440, height: 1000 });
    await dialog.getByLabel('Replicas').fill('1');
    await dialog.getByRole('button', { name: 'Add cell' }).click();
    await dialog.waitFor({ state: 'detached' });
    const added = await cells('GET', `/apps/${app}`);
    expect(added.cells.map((c: any) => [c.cell, c.stableVersion])).toEqual([
      ['dev-1', 'v1'],
      ['dev-2', 'v1'],
    ]);
    await page.getByText('Region dev · 2 cells').waitFor();
    await screenshotAtWidths(page, 'cells-add-cell-done');
  });
});
