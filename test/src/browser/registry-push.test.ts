/**
 * Push with skopeo and see it in the portal (issue 6's browser test): alice creates an image group
 * and a private repository in the UI, creates a personal access token on the credentials page
 * (read from the page, shown once), pushes an image with skopeo using it, then sees the tag `v1`
 * and the push in the repository's activity (fed by the registry's webhook).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Browser, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import { launchBrowser, screenshot, signInAs } from '../lib/browser';
import { writeOciLayout } from '../lib/oci';

const execFileP = promisify(execFile);

jest.setTimeout(300_000);

/**
 * Reloads the repository page until the element shows up: the data arrives from outside the page
 * (skopeo, the registry's webhook). The sign-in survives the reload (refresh cookie).
 */
async function reloadUntil(page: Page, testId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.getByTestId(testId).first().waitFor({ timeout: 3_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        throw new Error(`${testId} did not appear within ${timeoutMs} ms: ${e}`);
      }
      await page.reload();
    }
  }
}

describe('registry push in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page | undefined;
  let oci: string;
  const suffix = Date.now().toString(36);
  const group = `bp${suffix}`;
  const repo = `${group}/pushed-app`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
    oci = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-oci-'));
    writeOciLayout(oci, ['v1']);
  });

  afterAll(async () => {
    await browser?.close();
    if (oci) {
      fs.rmSync(oci, { recursive: true, force: true });
    }
  });

  afterEach(async () => {
    if (page && !page.isClosed()) {
      await screenshot(page, 'registry-push-last').catch(() => undefined);
    }
  });

  it('alice pushes with a personal access token and sees the tag and the activity', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 1000 },
    });
    const alice = await context.newPage();
    alice.setDefaultTimeout(60_000);
    page = alice;

    // --- group and private repository, in the UI ---------------------------------------------
    await alice.goto(`${url}/registry`);
    await signInAs(alice, 'alice');
    await alice.getByText('Create an image group').waitFor();
    await alice.getByTestId('group-name').fill(group);
    await alice.getByTestId('group-visibility').selectOption('private');
    await alice.getByTestId('create-group').click();
    await alice.getByRole('cell', { name: group, exact: true }).waitFor();
    await alice.getByTestId('repo-group').selectOption(group);
    await alice.getByTestId('repo-name').fill('pushed-app');
    await alice.getByTestId('repo-visibility').selectOption('private');
    await alice.getByTestId('create-repository').click();
    await alice.getByTestId(`repo-link-${repo}`).waitFor();
    await screenshot(alice, 'registry-push-1-created');
    // the search box filters groups and repositories
    await alice.getByTestId('registry-search').fill(`${group}-nothing`);
    await alice.getByTestId(`repo-link-${repo}`).waitFor({ state: 'detached' });
    await alice.getByTestId('registry-search').fill(group);
    await alice.getByTestId(`repo-link-${repo}`).waitFor();

    // --- a personal access token, read from the page -----------------------------------------
    await alice.getByTestId('credentials-link').click();
    await alice.waitForURL(/\/registry\/credentials$/);
    await alice.getByTestId('token-name').fill(`push-${suffix}`);
    await alice.getByTestId('create-token').click();
    await alice.getByTestId('created-token').waitFor();
    const token = (await alice.getByTestId('token-secret').textContent())!.trim();
    expect(token).toMatch(/^cpat_/);
    const login = (await alice.getByTestId('docker-login').textContent())!;
    const registryHost =
      process.env.CELLPORT_REGISTRY_HOST ??
      /^docker login -u \S+ --password-stdin (\S+)$/.exec(login)?.[1];
    expect(registryHost).toBeTruthy();
    await screenshot(alice, 'registry-push-2-token');

    // --- push with skopeo -------------------------------------------------------------------
    const pushed = await execFileP(
      'skopeo',
      [
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        `alice:${token}`,
        `oci:${oci}:v1`,
        `docker://${registryHost}/${repo}:v1`,
      ],
      { timeout: 120_000 },
    ).catch(e => ({ stdout: e.stdout, stderr: `${e.stderr ?? e}`, failed: true }));
    expect(pushed).not.toHaveProperty('failed');

    // --- the tag and the push in the portal --------------------------------------------------
    // a direct link to the repository page, in the same tab: still signed in
    await alice.goto(`${url}/registry/repositories/${repo}`);
    await reloadUntil(alice, 'pull-v1');
    expect(await alice.getByTestId('pull-v1').textContent()).toContain(
      `docker pull ${registryHost}/${repo}:v1`,
    );
    await reloadUntil(alice, 'activity-image-pushed');
    await alice
      .getByRole('row')
      .filter({ has: alice.getByTestId('activity-image-pushed') })
      .filter({ hasText: 'tag v1' })
      .first()
      .waitFor();
    // alice is the Owner: the settings controls are there
    await alice.getByTestId('save-visibility').waitFor();
    await alice.getByTestId('delete-repository').waitFor();
    await screenshot(alice, 'registry-push-3-tag-and-activity');

    // back to the registry's home through the page's own link, then the token is not needed any more
    await alice.getByRole('link', { name: 'All repositories' }).click();
    await alice.waitForURL(/\/registry$/);
    await alice.getByTestId('credentials-link').click();
    await alice.getByTestId(`revoke-push-${suffix}`).click();
    await alice
      .getByRole('row')
      .filter({ hasText: `push-${suffix}` })
      .getByText(/^revoked /)
      .waitFor();
  });
});
