/**
 * A Members tab a page at a time in Chromium, against the running portal (issue 16): alice's app
 * has every user and group of the catalog as members (12); its Members tab shows the first 10 by
 * entity reference, people by display name, and "Show more members" adds the last two, each once.
 * Screenshots at 1440 and 1024 px (members-page, members-more).
 */
import { Locator, Page } from 'playwright-core';
import { expectReachable, screenshot, screenshotWidths } from '../lib/browser';
import { portalBrowserSuite, signInWithToken } from '../lib/browserSession';
import { waitFor } from '../lib/portal';

jest.setTimeout(600_000);

/** The members table's page size (MEMBERS_PAGE_SIZE of @cellport/plugin-access-react). */
const PAGE = 10;
const GROUPS = ['cellport', 'payments-team', 'platform', 'platform-admins', 'storefront-team'];
const USERS = ['bob', 'carol', 'dave', 'erin', 'frank', 'guest'];

/**
 * Screenshots at each width of {@link screenshotWidths}, tall enough for the whole members card,
 * with `target` scrolled into view (the portal's content scrolls inside its own container).
 */
async function screenshotsShowing(page: Page, target: Locator, name: string) {
  for (const width of screenshotWidths) {
    await page.setViewportSize({ width, height: 1400 });
    await target.scrollIntoViewIfNeeded();
    await expectReachable(target, `${name} at ${width} px`);
    await screenshot(page, `${name}-${width}`);
  }
}

describe('a Members tab a page at a time in Chromium', () => {
  const app = `mb${Date.now().toString(36).slice(-6)}`;
  const suite = portalBrowserSuite('cells', 'members-pages-last');
  let created = false;

  afterAll(async () => {
    if (created) await suite.api('DELETE', `/apps/${app}`).catch(() => undefined);
  });

  it('shows 10 members by display name, then the rest on "Show more members"', async () => {
    const { page, url, api } = suite;
    await signInWithToken(suite, `${url}/cells`, 'alice');
    await api('POST', '/apps', { name: app, cells: ['dev-1'] });
    created = true;
    for (const g of GROUPS) {
      await api('POST', `/apps/${app}/members`, { member: `group:default/${g}`, role: 'reporter' });
    }
    for (const u of USERS) {
      await api('POST', `/apps/${app}/members`, { member: `user:default/${u}`, role: 'guest' });
    }
    // every member in the order the pages follow: groups, then users, by reference
    const refs = [...GROUPS.map(g => `group:default/${g}`), ...['alice', ...USERS].map(u => `user:default/${u}`)];

    await page.goto(`${url}/cells/${app}/members`);
    const table = page.getByRole('table', { name: 'Members' });
    const rows = table.locator('tbody tr');
    const shown = () =>
      rows.evaluateAll(trs => trs.map(tr => tr.querySelector('[title]')?.getAttribute('title') ?? ''));
    await waitFor('the first page of members', async () => ((await rows.count()) === PAGE ? true : undefined));
    expect(await shown()).toEqual(refs.slice(0, PAGE));
    // people by display name, not by reference
    await table.getByText('Alice Arnold').waitFor();
    await table.getByText('Erin Evans').waitFor();
    expect(await table.getByText('Frank Fischer').count()).toBe(0);
    const more = page.getByRole('button', { name: 'Show more members' });
    await more.scrollIntoViewIfNeeded();
    await expectReachable(more, 'the Show more members button');
    await screenshotsShowing(page, more, 'members-page');

    await more.click();
    await waitFor('the next page of members', async () => ((await rows.count()) === refs.length ? true : undefined));
    expect(await shown()).toEqual(refs);
    await table.getByText('Frank Fischer').waitFor();
    await table.getByText('Guest').first().waitFor();
    expect(await more.count()).toBe(0);
    await screenshotsShowing(page, rows.last(), 'members-more');
  });
});
