/**
 * The "Cellport HTTP service" template from the Create page in Chromium, as alice on the running
 * portal: the form (name, image group; her only group as owner, cells and LB group by default), the task page
 * following every step to the output links, then the new service answering through both Nginx
 * hosts of dev-public, and the new component's Cells, Images, Builds and Domain tabs showing it.
 * Screenshots of the form, the finished task and each tab at 1440 and 1024 px.
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
import { gitBaseUrl, PortalClient } from '../builds/harness';
import { getThroughNginx } from '../slb/nginxGet';
import { HOSTS } from '../slb/portalSlb';

jest.setTimeout(600_000);

describe('Cellport HTTP service template in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page | undefined;
  const suffix = crypto.randomBytes(3).toString('hex');
  const group = `tb${suffix}`;
  const name = `web-${suffix}`;
  const domain = `${name}.dev.cellport.local`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (page && !page.isClosed()) {
      await screenshot(page, 'template-last').catch(() => undefined);
    }
    await browser?.close();
  });

  it('alice creates a service from the Create page; it serves through Nginx and shows on its tabs', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const token = recordToken(page, 'scaffolder');
    await page.goto(`${url}/create/templates/default/cellport-service`);
    await signInAs(page, 'alice');

    // alice's own image group, as she would have it
    const alice = new PortalClient(
      url,
      await waitFor('alice token', async () => {
        try {
          return token();
        } catch {
          return undefined;
        }
      }),
    );
    await alice.ok('POST', '/api/registry/groups', { name: group });

    // step 1: the service
    await page.locator('#root_name').fill(name);
    await page.locator('#root_description').fill('Made from the Create page');
    // the owner is one of alice's own groups: her only one, payments-team, is chosen for her
    const owner = page.locator('#OwnershipEntityRefPicker-dropdown');
    await waitFor('the owner group', async () =>
      (await owner.inputValue()) === 'Payments' ? true : undefined,
    );
    await page.locator('#root_imageGroup').fill(group);
    await screenshotAtWidths(page, 'template-form');
    await page.getByRole('button', { name: 'Next' }).click();
    // step 2: cells (dev-1 and dev-2 by default), step 3: LB group and domain by default
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    // the task page follows every step to the output links
    await page.waitForURL(/\/create\/tasks\//);
    const output = page.getByTestId('output-box');
    await output
      .getByRole('link', { name: 'Component', exact: true })
      .waitFor({ timeout: 480_000 });
    // a link to each part
    for (const [title, href] of [
      ['Component', `/catalog/default/component/${name}`],
      ['Git repository', `${gitBaseUrl()}/${name}.git`],
      ['Image repository', `/registry/repositories/${group}/${name}`],
      ['Build', `/builds/${name}`],
      ['App', `/cells/${name}`],
      ['Domain', `/slb/domains/${domain}`],
      ['Dashboards and alerts', `/observability/${name}`],
    ]) {
      await output.locator(`a[href="${href}"]`, { hasText: title }).waitFor();
    }
    await screenshotAtWidths(page, 'template-task');

    // served through both Nginx hosts of the LB group
    for (const h of HOSTS) {
      const served = await waitFor(
        `${domain} through ${h.host}`,
        async () => {
          const res = await getThroughNginx(h.address, domain);
          return res.status === 200 ? res : undefined;
        },
        120_000,
        500,
      );
      expect(served.status).toBe(200);
    }

    // the component's tabs
    const entity = `${url}/catalog/default/component/${name}`;
    await page.goto(`${entity}/cells`);
    await page.getByText('dev-1').first().waitFor();
    await page.getByText('dev-2').first().waitFor();
    await screenshotAtWidths(page, 'template-component-cells');

    await page.goto(`${entity}/images`);
    await page.getByText(`${group}/${name}`).first().waitFor();
    await screenshotAtWidths(page, 'template-component-images');

    await page.goto(`${entity}/builds`);
    await page
      .getByText(/succeeded/i)
      .first()
      .waitFor();
    await screenshotAtWidths(page, 'template-component-builds');

    await page.goto(`${entity}/domain`);
    await page.getByText(domain).first().waitFor();
    await screenshotAtWidths(page, 'template-component-domain');
  });
});
