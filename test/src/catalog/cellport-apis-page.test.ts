/**
 * The cells plugin's API as an adopter finds it in the portal: the Cellport system's API entity
 * page renders its OpenAPI document (operations listed by the catalog's API docs), screenshots at
 * 1440 and 1024 px.
 */
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import { Browser } from 'playwright-core';
import {
  expectReachable,
  launchBrowser,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';
import { requirePortal } from '../lib/portal';

jest.setTimeout(300_000);

describe('the cellport APIs in the catalog, in Chromium', () => {
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the cells API of the cellport system with its operations', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(url);
    await signInAs(page, 'alice');

    await page.goto(`${url}/catalog/default/api/cellport-cells-api`);
    await page.getByText('Cellport cells API').first().waitFor();
    await expectReachable(
      page.getByRole('link', { name: 'cellport' }).first(),
      'the link to the cellport system',
    );
    // the overview's definition card has rendered the document
    await page.getByText('/apps/{app}/overview').first().waitFor();
    await screenshotAtWidths(page, 'catalog-cellport-cells-api');

    await page.goto(`${url}/catalog/default/api/cellport-cells-api/definition`);
    // Swagger UI lists each operation with its path
    await page.getByText('/apps/{app}/versions/{version}/scale').first().waitFor();
    await page.getByText('/apps/{app}/releases/{id}/actions').first().waitFor();
    // every operation of the document, one Swagger UI block each
    const doc = yaml.load(
      fs.readFileSync(
        path.resolve(__dirname, '../../../plugins/cells-backend/src/schema/openapi.yaml'),
        'utf8',
      ),
    ) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).flatMap(item =>
      Object.keys(item).filter(k => ['get', 'post', 'put', 'patch', 'delete'].includes(k)),
    );
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    await screenshotAtWidths(page, 'catalog-cellport-cells-api-definition');
    await context.close();
  });
});
