/**
 * The build config's webhook secret and the configs list's "Show more" in Chromium against the
 * running portal: erin creates a config and sees its secret once, with a copy button and the
 * warning she won't see it again; the Webhooks tab then shows when and by whom it was set (her
 * display name) and its last four characters, never the secret; Rotate asks first, then shows the
 * new secret once. The configs list shows a first page and "Show more" reads the next.
 * Screenshots at 1440 and 1024 px.
 */
import crypto from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import {
  launchBrowser,
  screenshot,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';
import { gitBaseUrl, PortalClient } from '../builds/harness';

jest.setTimeout(420_000);

/** The first page of the configs list (the route's default `limit`). */
const FIRST_PAGE = 100;

describe('build config webhook secret in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page | undefined;
  const suffix = crypto.randomBytes(3).toString('hex');
  const group = `ws${suffix}`;
  const config = `hook-${suffix}`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (page && !page.isClosed()) {
      await screenshot(page, 'builds-secret-last').catch(() => undefined);
    }
    await browser?.close();
  });

  it('shows a new secret once, its state afterwards, and rotates it after a confirmation', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}/builds`);
    await signInAs(page, 'erin');
    await page.getByTestId('new-config').waitFor();
    const erin = await clientOf(page);
    await erin.ok('POST', '/api/registry/groups', { name: group });
    await erin.ok('POST', `/api/registry/groups/${group}/repositories`, {
      name: 'web',
    });

    await page.getByTestId('new-config').click();
    await page.getByTestId('config-name').fill(config);
    await page.getByTestId('config-imageRepository').fill(`${group}/web`);
    await page
      .getByTestId('config-repositoryUrl')
      .fill(`${gitBaseUrl()}/${config}.git`);
    await page.getByTestId('config-create').click();
    const shown = page.getByTestId('new-webhook-secret');
    await shown.waitFor();
    const first = ((await shown.textContent()) ?? '').trim();
    expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const dialog = page.getByTestId('new-webhook-secret-dialog');
    expect(await dialog.textContent()).toContain("you won't see it again");
    await dialog.getByRole('button', { name: /copy/i }).waitFor();
    await screenshotAtWidths(page, 'builds-secret-created');
    await page.getByTestId('new-webhook-secret-done').click();
    await page.waitForURL(new RegExp(`/builds/${config}$`));

    await page.getByTestId('tab-webhooks').click();
    const status = page.getByTestId('webhook-secret-status');
    await status.waitFor();
    await page.getByTestId('webhook-url-gitlab').waitFor();
    expect(
      await page.getByTestId('webhook-secret-last-four').textContent(),
    ).toBe(`…${first.slice(-4)}`);
    const statusText = (await status.textContent()) ?? '';
    // when (relative, the time on hover) and by whom (display name, never the entity ref)
    expect(statusText).toMatch(/^Set (just now|.+ ago) by \S+/);
    expect(statusText).not.toContain('user:default/erin');
    expect(await page.content()).not.toContain(first);
    await screenshotAtWidths(page, 'builds-secret-status');

    // Rotate asks first; cancelling changes nothing
    await page.getByTestId('webhook-secret-rotate').click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('webhook-secret-rotate').click();
    await page.getByTestId('webhook-rotate-confirm').waitFor();
    await screenshotAtWidths(page, 'builds-secret-rotate-confirm');
    await page.getByTestId('webhook-rotate-confirm').click();
    await shown.waitFor();
    const second = ((await shown.textContent()) ?? '').trim();
    expect(second).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(second).not.toBe(first);
    await screenshotAtWidths(page, 'builds-secret-rotated');
    await page.getByTestId('new-webhook-secret-done').click();
    await page
      .getByTestId('webhook-secret-last-four')
      .filter({ hasText: `…${second.slice(-4)}` })
      .waitFor();
    expect(await page.content()).not.toContain(second);
    const hooks = await erin.ok(
      'GET',
      `/api/builds/configs/${config}/webhooks`,
    );
    expect(hooks.secret).toMatchObject({
      setBy: 'user:default/erin',
      lastFour: second.slice(-4),
    });
  });

  it('lists the first page of configs and "Show more" reads the next', async () => {
    const client = await clientOf(page!);
    const mine = (await client.ok('GET', '/api/builds/configs?limit=500')).items
      .length;
    for (let i = mine; i <= FIRST_PAGE; i++) {
      await client.ok('POST', '/api/builds/configs', {
        name: `many-${suffix}-${String(i).padStart(3, '0')}`,
        repositoryUrl: `${gitBaseUrl()}/many.git`,
        imageRepository: `${group}/web`,
      });
    }
    const total = (await client.ok('GET', '/api/builds/configs?limit=500'))
      .items.length;
    expect(total).toBeGreaterThan(FIRST_PAGE);
    await page!.goto(`${url}/builds`);
    const more = page!.getByTestId('configs-show-more');
    await more.waitFor();
    const rows = page!.locator('[data-testid^="config-link-"]');
    expect(await rows.count()).toBe(FIRST_PAGE);
    await more.scrollIntoViewIfNeeded();
    await screenshotAtWidths(page!, 'builds-configs-show-more');
    await more.click();
    await page!
      .locator(`[data-testid^="config-link-"] >> nth=${total - 1}`)
      .waitFor();
    expect(await rows.count()).toBe(total);
    expect(await more.count()).toBe(0);
  });
});

/** The signed-in user's API client, with the token the page sends to the builds backend. */
async function clientOf(page: Page): Promise<PortalClient> {
  const url = new URL(page.url()).origin;
  const [request] = await Promise.all([
    page.waitForRequest(r => r.url().includes('/api/builds/')),
    page.reload(),
  ]);
  const auth = request.headers().authorization ?? '';
  return new PortalClient(url, auth.replace(/^Bearer /, ''));
}
