/**
 * "Add cell" on a cells app page in Chromium, against the running portal: alice's app runs v1 in
 * dev-1; the dialog offers dev-2 (the region's other cell) with v1 preselected, shows the server's
 * refusal of too many replicas as sent, then adds dev-2 with one replica, and the versions-by-cell
 * card shows v1 in both cells. Screenshots at 1440 and 1024 px (cells-add-cell-dialog, cells-add-cell-done).
 */
import { waitFor } from '../lib/portal';
import { expectReachable, screenshotAtWidths } from '../lib/browser';
import { portalBrowserSuite, signInWithToken } from '../lib/browserSession';
import { versionSpec } from '../cells/api';

jest.setTimeout(420_000);

describe('adding a cell to an app in Chromium', () => {
  const app = `ac${Date.now().toString(36)}`;
  const suite = portalBrowserSuite('cells', 'cells-add-cell-last');

  it('adds dev-2 to an app of dev-1 from the app page', async () => {
    const { page, url, api: cells } = suite;
    await signInWithToken(suite, `${url}/cells`, 'alice');
    await cells('POST', '/apps', { name: app, cells: ['dev-1'] });
    await cells('POST', `/apps/${app}/versions`, { name: 'v1', spec: versionSpec({ 'dev-1': 1 }) });

    await page.goto(`${url}/cells/${app}`);
    await page.getByRole('button', { name: 'Add cell' }).click();
    const dialog = page.getByRole('dialog');
    // the dialog offers the region's cells once it has read them: the first one the app lacks
    await waitFor('the dialog to preselect dev-2', async () =>
      (await dialog.getByLabel('Cell').inputValue()) === 'dev-2' ? true : undefined,
    );
    await waitFor('the dialog to preselect v1', async () =>
      (await dialog.getByLabel('Version').inputValue()) === 'v1' ? true : undefined,
    );
    // more replicas than the cell's nodes take: the server's refusal, at the dialog's top
    await dialog.getByLabel('Replicas').fill('500');
    await dialog.getByRole('button', { name: 'Add cell' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/dev-2/);
    await expectReachable(refusal, "the server's refusal");
    await screenshotAtWidths(page, 'cells-add-cell-dialog');

    await page.setViewportSize({ width: 1440, height: 1000 });
    await dialog.getByLabel('Replicas').fill('1');
    await dialog.getByRole('button', { name: 'Add cell' }).click();
    await dialog.waitFor({ state: 'detached' });
    const added = await cells('GET', `/apps/${app}`);
    expect(added.cells.map((c: any) => [c.cell, c.stableVersion])).toEqual([
      ['dev-1', 'v1'],
      ['dev-2', 'v1'],
    ]);
    await page.getByText('Region dev · 2 cells').waitFor();
    await screenshotAtWidths(page, 'cells-add-cell-done');
  });
});
