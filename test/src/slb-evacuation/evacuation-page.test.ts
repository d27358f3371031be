/**
 * The evacuation page in Chromium, on the portal `npm test` starts: erin (a platform admin) opens
 * it from the Domains page, plans the evacuation of dev-2, runs it, follows the timeline until the
 * cell is evacuated, un-evacuates it and sees it restored; alice (not an admin) gets no link and is
 * told the page is for platform admins. Screenshots at 1440 and 1024 px.
 */
import { Browser, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import { expectReachable, launchBrowser, recordToken, screenshot, screenshotAtWidths, signInAs } from '../lib/browser';

jest.setTimeout(600_000);

describe('cell evacuation page in Chromium', () => {
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(user: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}/slb`);
    await signInAs(page, user);
    await page.getByRole('heading', { name: 'Domains' }).first().waitFor();
    return page;
  }

  it('is for platform admins only', async () => {
    const page = await open('alice');
    await page.getByRole('table').first().waitFor();
    expect(await page.locator('header a', { hasText: 'Cell evacuation' }).count()).toBe(0);
    await page.goto(`${url}/slb/evacuation`);
    await page.getByText('Cell evacuation is for platform admins.').waitFor();
    await page.context().close();
  });

  it('plans, runs and un-evacuates dev-2 with its timeline', async () => {
    const page = await open('erin');
    const token = recordToken(page, 'slb');
    try {
      await page.locator('header a', { hasText: 'Cell evacuation' }).click();
      await page.waitForURL('**/slb/evacuation');
      await page.getByText('Evacuate a cell').waitFor();
      await page.getByRole('button', { name: /dev-\d \(region dev\)/ }).click();
      await page.getByRole('option', { name: /^dev-2/ }).click();
      await page.getByRole('textbox', { name: 'Reason' }).fill('browser test: rack maintenance');
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      const plan = page.locator('table', { hasText: 'To carry' }).first();
      await plan.waitFor();
      await page.getByText(/Plan: evacuate dev-2 \(region dev; LB groups dev-public\)/).waitFor();
      await screenshotAtWidths(page, 'slb-evacuation-plan');

      await page.getByRole('button', { name: 'Evacuate dev-2' }).click();
      const timeline = page.getByRole('list', { name: 'Timeline' });
      await timeline.getByText('browser test: rack maintenance').waitFor();
      await timeline.getByText("Cell 'dev-2' is evacuated.", { exact: false }).waitFor({ timeout: 300_000 });
      const restore = page.getByRole('button', { name: 'Un-evacuate dev-2' });
      await restore.scrollIntoViewIfNeeded();
      await expectReachable(restore, 'the un-evacuate button');
      await screenshotAtWidths(page, 'slb-evacuation-evacuated');

      await page.setViewportSize({ width: 1440, height: 1000 });
      await restore.click();
      await timeline.getByText('Un-evacuation requested').waitFor();
      await page.getByText(/un-evacuation by Erin/i).waitFor();
      await timeline.getByText("Cell 'dev-2' is back in every upstream", { exact: false }).waitFor({ timeout: 300_000 });
      await page.getByRole('table', { name: /Evacuations/ }).or(page.locator('table', { hasText: 'Trigger' })).first().getByText('restored').first().waitFor();
      await screenshotAtWidths(page, 'slb-evacuation-restored');
      expect(await timeline.getByText('at 100% of its weight', { exact: false }).count()).toBe(1);
    } finally {
      await screenshot(page, 'slb-evacuation-last').catch(() => undefined);
      // leave the shared portal with dev-2 in the upstreams, whatever happened
      const auth = { authorization: `Bearer ${token()}` };
      const list = await fetch(`${url}/api/slb/evacuations`, { headers: auth }).then(r => r.json());
      for (const ev of list.items ?? []) {
        if (ev.state === 'evacuated' || ev.state === 'failed') {
          await fetch(`${url}/api/slb/evacuations/${ev.id}/restore`, { method: 'POST', headers: auth });
        }
      }
      await page.context().close();
    }
  });
});
