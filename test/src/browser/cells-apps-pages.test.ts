/**
 * The Cells apps list a page at a time in Chromium, against the running portal: alice has 26 apps
 * named after this run; searching their common name part (the server's search) shows the first 25
 * with "Show more apps", which adds the 26th, each app once and in name order. Screenshots at 1440
 * and 1024 px (cells-apps-page, cells-apps-more).
 */
import path from 'node:path';
import {
  artifactsDir,
  expectReachable,
  screenshotAtWidths,
  screenshotWidths,
} from '../lib/browser';
import { portalBrowserSuite, signInWithToken } from '../lib/browserSession';
import { waitFor } from '../lib/portal';

jest.setTimeout(600_000);

/** The apps list's page size (APPS_PAGE_SIZE of the cells frontend). */
const PAGE = 25;

describe('the apps list a page at a time in Chromium', () => {
  const prefix = `ap${Date.now().toString(36).slice(-6)}`;
  const apps = Array.from(
    { length: PAGE + 1 },
    (_, i) => `${prefix}-${String(i).padStart(2, '0')}`,
  );
  const suite = portalBrowserSuite('cells', 'cells-apps-pages-last');
  let created: string[] = [];

  afterAll(async () => {
    for (const name of created) {
      await suite.api('DELETE', `/apps/${name}`).catch(() => undefined);
    }
  });

  it('shows 25 apps, then the next one on "Show more apps"', async () => {
    const { page, url, api } = suite;
    await signInWithToken(suite, `${url}/cells`, 'alice');
    for (const name of apps) {
      await api('POST', '/apps', {
        name,
        description: 'Listed a page at a time',
        cells: ['dev-1'],
      });
      created = [...created, name];
    }

    await page.goto(`${url}/cells`);
    await page.getByText('My apps').waitFor();
    await page.getByLabel('Search apps by name').fill(prefix);
    const links = page.locator(`[data-testid^="app-link-${prefix}-"]`);
    const shown = () => links.allTextContents();
    await waitFor('the first page of the search', async () =>
      (await links.count()) === PAGE ? true : undefined,
    );
    expect(await shown()).toEqual(apps.slice(0, PAGE));
    await page.getByText(`Showing the first ${PAGE} apps`).waitFor();
    const more = page.getByRole('button', { name: 'Show more apps' });
    // at each width, the list's end with the button in view
    for (const width of screenshotWidths) {
      await page.setViewportSize({ width, height: 900 });
      await more.scrollIntoViewIfNeeded();
      await expectReachable(more, `the Show more apps button at ${width} px`);
      // the viewport as scrolled (a full-page shot resizes it, which scrolls the list back up)
      await page.screenshot({
        path: path.join(artifactsDir, `cells-apps-page-${width}.png`),
      });
    }
    await page.setViewportSize({ width: 1440, height: 1000 });

    await more.click();
    await waitFor('the next page', async () =>
      (await links.count()) === PAGE + 1 ? true : undefined,
    );
    expect(await shown()).toEqual(apps);
    expect(await more.count()).toBe(0);
    await screenshotAtWidths(page, 'cells-apps-more');
  });
});
