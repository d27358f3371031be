/**
 * The new-frontend-system portal of test/fixtures/portals (plugins discovered from the app's
 * dependencies, the company's own permission policy in its backend's src/policy.ts, handed to the
 * registry's token endpoint through registryTokenPolicyExtensionPoint), with Cellport installed
 * from tarballs: the common walk (walkthrough.ts), then `skopeo copy` of the private repository:
 * alice copies it; dave, a developer of it whom the company policy forbids pulling, is refused
 * (the legacy portal, under the Cellport policy, lets him: legacy.test.ts).
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

describeAdopterPortal('nfs')(
  'the new-frontend-system adopter portal in Chromium',
  () => {
    let browser: Browser;
    let page: Page | undefined;

    beforeAll(async () => {
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await adopterLastScreenshot(page, 'nfs');
      await browser?.close();
    });

    it('alice uses Cells, Registry, Members and the entity tabs; the company policy refuses dave a pull', async () => {
      const alice = await walkThrough(browser, 'nfs', p => (page = p));
      const { url, registryHost } = adopterPortal();
      const pull = async (user: string, token: string) => {
        const into = fs.mkdtempSync(
          path.join(os.tmpdir(), 'cellport-adopter-pull-'),
        );
        try {
          return await skopeoCopy(
            `docker://${registryHost}/shop/shop-api:v1`,
            `oci:${into}:v1`,
            `${user}:${token}`,
          );
        } finally {
          fs.rmSync(into, { recursive: true, force: true });
        }
      };

      expect(
        await pull('alice', await createAccessToken(alice, url, 'pull-nfs')),
      ).toBeUndefined();

      const dave = await signedIn(browser, url, 'dave', '/registry');
      page = dave;
      const refused = await pull(
        'dave',
        await createAccessToken(dave, url, 'pull-nfs'),
      );
      expect(refused).toMatch(/denied|unauthorized|401|403/i);
    });
  },
);
