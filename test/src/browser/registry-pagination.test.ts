/**
 * The registry page's lists a page at a time (issue 16): with more image groups than a page holds
 * (100), the groups table shows the first page and a "Show more groups" button that reads the next
 * pages until every group is there, each once; screenshots at 1440 and 1024 px.
 */
import path from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { requirePortal, waitFor } from '../lib/portal';
import {
  artifactsDir,
  expectReachable,
  launchBrowser,
  recordToken,
  screenshot,
  screenshotWidths,
  signInAs,
} from '../lib/browser';

/**
 * Screenshots at 1440 and 1024 px of what is on screen with `target` scrolled into view (the page
 * scrolls inside its content area, so a full-page screenshot would show only the top).
 */
async function screenshotsAround(page: Page, target: Locator, name: string) {
  for (const width of screenshotWidths) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    await target.scrollIntoViewIfNeeded();
    await expectReachable(target, `${name} at ${width} px`);
    await page.screenshot({ path: path.join(artifactsDir, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

jest.setTimeout(600_000);

describe('registry lists in Chromium, a page at a time', () => {
  let url: string;
  let browser: Browser;
  let page: Page | undefined;
  let token: (() => string) | undefined;
  const suffix = Date.now().toString(36);
  // carol: her team has no quota set by the other suites
  const names = Array.from({ length: 104 }, (_, i) => `pg${suffix}-${String(i).padStart(3, '0')}`);
  const made: string[] = [];

  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/registry${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token!()}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  };

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (page && !page.isClosed()) {
      await screenshot(page, 'registry-pagination-last').catch(() => undefined);
    }
    for (const name of made) {
      await call('DELETE', `/groups/${name}`).catch(() => undefined);
    }
    await browser?.close();
  });

  it('carol sees the first page of groups and reads the rest with "Show more groups"', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    token = recordToken(page);
    await page.goto(`${url}/registry`);
    await signInAs(page, 'carol');
    await page.getByText('Create an image group').waitFor();
    await waitFor('a registry token', async () => {
      try {
        return token!();
      } catch {
        return undefined;
      }
    });
    for (const name of names) {
      const res = await call('POST', '/groups', { name });
      expect({ name, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ name, status: 201, body: undefined });
      made.push(name);
    }
    // every group carol sees, from the API, a page at a time: what the page must end up showing
    const visible: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call('GET', `/groups?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      visible.push(...res.body.items.map((g: { name: string }) => g.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(visible.length).toBeGreaterThan(100);

    await page.reload();
    const more = page.getByTestId('groups-show-more');
    await more.waitFor();
    expect(await page.getByTestId('groups-show-more-count').textContent()).toBe('100 groups shown; there are more');
    const links = page.locator('[data-testid^="group-link-"]');
    expect(await links.count()).toBe(100);
    await screenshotsAround(page, more, 'registry-groups-show-more');

    // next pages until the button goes: every group once, in the server's order
    for (let i = 0; i < 10 && (await more.count()); i++) {
      const before = await links.count();
      await more.click();
      await waitFor('the next page of groups', async () => ((await links.count()) > before ? true : undefined));
    }
    expect(await more.count()).toBe(0);
    const shown = await links.evaluateAll(els => els.map(e => e.getAttribute('data-testid')!.slice('group-link-'.length)));
    // each group once; other suites may add groups meanwhile, so carol's own are what is checked
    expect(new Set(shown).size).toBe(shown.length);
    expect(names.filter(n => !shown.includes(n))).toEqual([]);
    await screenshotsAround(page, page.getByTestId(`group-link-${names[names.length - 1]}`), 'registry-groups-all-pages');
  });
});
