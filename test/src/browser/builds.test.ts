/**
 * The builds pages in Chromium against the running portal and its real build loop: alice creates
 * a build config (the server's message on bad input first), starts a build, watches its live log
 * to the end on the build page (steps with timings, the pushed image), deploys the image with the
 * build page's "Deploy as new version" (the cells dialog opens prefilled; the pods run in both
 * simulated cells, pulled from the registry), finds the webhook URLs; screenshots of the list, config and build pages at 1440 and 1024 px.
 */
import crypto from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { requirePortal, waitFor } from '../lib/portal';
import {
  launchBrowser,
  recordToken,
  screenshot,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';
import { createRepository, gitBaseUrl, PortalClient } from '../builds/harness';

jest.setTimeout(420_000);

describe('builds pages in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page | undefined;
  const suffix = crypto.randomBytes(3).toString('hex');
  const group = `bp${suffix}`;
  const config = `web-${suffix}`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (page && !page.isClosed()) {
      await screenshot(page, 'builds-last').catch(() => undefined);
    }
    await browser?.close();
  });

  it('alice creates a build config, starts a build and watches its log to the pushed image', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const token = recordToken(page, 'builds');
    await page.goto(`${url}/builds`);
    await signInAs(page, 'alice');
    await page.getByTestId('new-config').waitFor();

    // alice's own image repository and git repository, as she would have them
    await page.waitForFunction(() => true);
    const alice = new PortalClient(url, await waitForToken(token));
    await alice.ok('POST', '/api/registry/groups', { name: group });
    await alice.ok('POST', `/api/registry/groups/${group}/repositories`, {
      name: 'web',
    });
    await createRepository(`web-${suffix}`);

    // bad input: the server's message as sent, nothing created
    await page.getByTestId('new-config').click();
    await page.getByTestId('config-name').fill(config);
    await page.getByTestId('config-imageRepository').fill(`${group}/web`);
    await page
      .getByTestId('config-repositoryUrl')
      .fill('file:///srv/git/web.git');
    await page.getByTestId('config-create').click();
    const error = page.getByTestId('config-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /repositoryUrl: repositoryUrl must be http\(s\) or ssh, not file/,
    );

    await page
      .getByTestId('config-repositoryUrl')
      .fill(`${gitBaseUrl()}/web-${suffix}.git`);
    await page.getByTestId('config-create').click();
    // the new config's webhook secret, shown this once (builds-webhook-secret.test.ts looks closer)
    await page.getByTestId('new-webhook-secret').waitFor();
    await page.getByTestId('new-webhook-secret-done').click();
    await page.waitForURL(new RegExp(`/builds/${config}$`));
    await page.getByTestId('start-build').waitFor();
    await screenshotAtWidths(page, 'builds-config');

    // start a build by hand, follow it to its page
    await page.getByTestId('start-build').click();
    await page.getByTestId('start-build-submit').click();
    await page.getByTestId('build-link-1').click();
    await page.waitForURL(new RegExp(`/builds/${config}/builds/1$`));
    const log = page.getByTestId('build-log');
    await log.waitFor();
    await page
      .locator('[data-testid="build-log"][data-complete="true"]')
      .waitFor({ timeout: 300_000 });
    await page.getByTestId('build-state-succeeded').first().waitFor();
    const text = (await log.textContent()) ?? '';
    expect(text).toContain('$ git init');
    expect(text).toContain('dependency cache:');
    expect(text).toMatch(/pushed \S+\/bp[0-9a-f]+\/web:[0-9a-f]{7}@sha256:/);
    expect(await page.getByTestId('build-image').textContent()).toContain(
      `/${group}/web:`,
    );
    await screenshotAtWidths(page, 'builds-build');

    // deploy: the app using the repository gets the image as a new version, from the build page
    const app = `web-${suffix}`;
    await alice.ok('POST', '/api/cells/apps', {
      name: app,
      production: true,
      cells: ['dev-1', 'dev-2'],
      imageRepository: `${group}/web`,
    });
    const image = (
      await alice.ok('GET', `/api/builds/configs/${config}/builds/1`)
    ).image;
    await page.reload();
    await page.getByTestId(`deploy-build-${app}`).click();
    await page.waitForURL(new RegExp(`/cells/${app}`));
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Version name/ }).waitFor();
    expect(
      await dialog.getByRole('textbox', { name: /^Image/ }).inputValue(),
    ).toBe(image);
    await dialog.getByRole('textbox', { name: /^Version name/ }).fill('v1');
    for (const cell of ['dev-1', 'dev-2']) {
      await dialog.getByLabel(cell, { exact: true }).fill('1');
    }
    await screenshot(page, 'builds-deploy-dialog');
    await dialog.getByRole('button', { name: 'Create version' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
    await waitFor(
      'the built image Running in both cells',
      async () => {
        const o = await alice.ok('GET', `/api/cells/apps/${app}/overview`);
        const ready = o.cells.map(
          (c: any) =>
            c.versions.find((v: any) => v.version === 'v1')?.ready ?? 0,
        );
        return ready.length === 2 && ready.every((r: number) => r === 1)
          ? true
          : undefined;
      },
      120_000,
      500,
    );
    await alice.ok(
      'DELETE',
      `/api/cells/apps/${app}`,
      undefined,
      [200, 202, 204],
    );

    // the config's builds history with the finished build (commit and tag, trigger and agent,
    // start and duration all in view at 1024 px)
    await page.goto(`${url}/builds/${config}`);
    const history = page.locator('tr', { has: page.getByTestId('build-link-1') });
    await history.getByText('on build-', { exact: false }).waitFor();
    await screenshotAtWidths(page, 'builds-config-history');

    // webhooks: one URL per platform, and when the secret was set (never the secret)
    await page.getByTestId('tab-webhooks').click();
    await page.getByTestId('webhook-url-gitlab').waitFor();
    expect(await page.getByTestId('webhook-url-github').textContent()).toBe(
      `${url}/api/builds/webhooks/${config}/github`,
    );
    await page.getByTestId('webhook-secret-status').waitFor();
    await screenshotAtWidths(page, 'builds-webhooks');

    await page.goto(`${url}/builds`);
    await page.getByTestId(`config-link-${config}`).waitFor();
    await screenshotAtWidths(page, 'builds-list');
  });
});

async function waitForToken(read: () => string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    try {
      const t = read();
      if (t) return t;
    } catch {
      // not seen yet
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('the app never called the builds backend with a token');
}
