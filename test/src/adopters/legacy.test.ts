/**
 * The legacy-frontend-system portal of test/fixtures/portals (App.tsx routes, EntityPage.tsx tabs,
 * the Cellport permission policy module), with Cellport installed from tarballs: the common walk
 * (walkthrough.ts), then dave, a developer of the private repository, pulls it with skopeo: under
 * the Cellport policy he may (the new-frontend-system portal's own policy refuses him; nfs.test.ts).
 * Run by scripts/adopter-portals.sh only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../lib/browser';
import {
  adopterLastScreenshot,
  adopterPortal,
  createAccessToken,
  describeAdopterPortal,
  signedIn,
  skopeoCopy,
  walkThrough,
} from './walkthrough';

jest.setTimeout(600_000);

describeAdopterPortal('legacy')('the legacy adopter portal in Chromium', () => {
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await adopterLastScreenshot(page, 'legacy');
    await browser?.close();
  });

  it('alice uses Cells, Registry, Members and the entity tabs; dave pulls under the Cellport policy', async () => {
    await walkThrough(browser, 'legacy', p => (page = p));

    const { url, registryHost } = adopterPortal();
    const dave = await signedIn(browser, url, 'dave', '/registry');
    page = dave;
    const token = await createAccessToken(dave, url, 'pull-legacy');
    const into = fs.mkdtempSync(
      path.join(os.tmpdir(), 'cellport-adopter-pull-'),
    );
    try {
      const pulled = await skopeoCopy(
        `docker://${registryHost}/shop/shop-api:v1`,
        `oci:${into}:v1`,
        `dave:${token}`,
      );
      expect(pulled).toBeUndefined();
    } finally {
      fs.rmSync(into, { recursive: true, force: true });
    }
  });
});
