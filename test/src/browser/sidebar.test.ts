/**
 * The sidebar in Chromium against the running portal: erin (a platform admin, so every item is
 * there, "Admin" included) sees every item's label whole at 1440 and 1024 px: none is cut short with
 * an ellipsis (the admin page's title, "Platform admin", was: "Platform ad…"). Screenshots at both
 * widths (sidebar-1440, sidebar-1024).
 */
import { Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import { screenshot, screenshotWidths, signInAs } from '../lib/browser';
import { BrowserSession, openBrowserSession } from '../lib/browserSession';

jest.setTimeout(300_000);

/** The sidebar's labels, and those the sidebar cuts short (wider than the room it gives them). */
async function sidebarLabels(
  page: Page,
): Promise<{ labels: string[]; cut: string[] }> {
  return page.getByTestId('sidebar-root').evaluate(root => {
    const labels: string[] = [];
    const cut: string[] = [];
    for (const el of Array.from(
      root.querySelectorAll<HTMLElement>('a *, button *'),
    )) {
      if (el.children.length > 0 || !el.textContent?.trim()) continue;
      // the element that clips the label: the closest one with text-overflow set
      let box: HTMLElement | null = el;
      while (
        box &&
        box !== root &&
        getComputedStyle(box).textOverflow !== 'ellipsis'
      )
        box = box.parentElement;
      const text = el.textContent.trim();
      labels.push(text);
      if (box && box !== root && box.scrollWidth > box.clientWidth)
        cut.push(text);
    }
    return { labels, cut };
  });
}

describe('the sidebar in Chromium', () => {
  let url: string;
  let session: BrowserSession;

  beforeAll(async () => {
    url = await requirePortal();
    session = await openBrowserSession('cells');
  });

  afterAll(async () => {
    await session?.browser.close();
  });

  it('shows every item whole at 1440 and 1024 px, the admin item as "Admin"', async () => {
    const { page } = session;
    await page.goto(`${url}/cellport-admin`);
    await signInAs(page, 'erin');
    const sidebar = page.getByTestId('sidebar-root');
    await sidebar.getByRole('link', { name: 'Admin', exact: true }).waitFor();
    // the page itself loaded too, for the screenshots
    await page.getByTestId('ops-total-builds').waitFor();
    for (const width of screenshotWidths) {
      await page.setViewportSize({ width, height: 900 });
      await sidebar.getByRole('link', { name: 'Admin', exact: true }).waitFor();
      const { labels, cut } = await sidebarLabels(page);
      expect(labels).toEqual(
        expect.arrayContaining([
          'Home',
          'Catalog',
          'Cells',
          'Registry',
          'Admin',
        ]),
      );
      expect({ width, cut }).toEqual({ width, cut: [] });
      await screenshot(page, `sidebar-${width}`);
    }
  });
});
