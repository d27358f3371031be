/*
 * The platform admin view in Chromium against the portal `npm test` starts (simulated cells dev-1
 * and dev-2, the real registry, build agents with buildah, the LB group's etcd): erin (a platform
 * admin) opens it and reads the counts; alice then deploys v1, scales it, releases v2, builds (one build
 * that pushes its image, one that fails) and gets special LB configuration on her domain from erin,
 * all through the portal's APIs; erin's view then shows each count grown by exactly what the test
 * did, the failed build with its reason, who started it by display name and a link to its page,
 * the cells' capacity and the domain's special configuration with who set it. Erin sets a quota
 * through the dialog and clears it. Alice gets the "page not found" and no sidebar item, and every
 * admin route answers her and the guest user with the body-less 404 of an unknown route.
 * Screenshots at 1440 and 1024 px under artifacts/admin/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { requirePortal, waitFor } from '../lib/portal';
import {
  artifactsDir,
  launchBrowser,
  recordToken,
  screenshotAtWidths,
  screenshotWidths,
  signInAs,
} from '../lib/browser';
import { createImageRepository, createRepository, gitBaseUrl, PortalClient } from '../builds/harness';
import { versionSpec } from '../cells/api';
import { signInTokens } from '../slb/portalSlb';

jest.setTimeout(900_000);

const suffix = crypto.randomBytes(3).toString('hex');
const APP = `adm${suffix}`;
const IMAGE_GROUP = `adm${suffix}`;
const GOOD = `adm-ok-${suffix}`;
const BAD = `adm-bad-${suffix}`;
const DOMAIN = `${APP}.admin.example.test`;
const CELLS = ['dev-1', 'dev-2'];
const ONE_EACH = { 'dev-1': 1, 'dev-2': 1 };
/** The owner group erin sets a quota on through the dialog (large limits: nothing is refused). */
const QUOTA_GROUP = 'group:default/platform';
/** artifacts/admin, beside the other suites' artifacts/browser. */
const ADMIN_ARTIFACTS = path.join(path.dirname(artifactsDir), 'admin');

const KINDS = ['deploys', 'releases', 'rollbacks', 'scalings', 'builds', 'pushes'] as const;
type Totals = Record<(typeof KINDS)[number], number>;

/** The 30-day totals the admin routes report, as the page adds them up. */
async function apiTotals(admin: PortalClient): Promise<Totals> {
  const [cells, registry, builds] = await Promise.all([
    admin.ok('GET', '/api/cells/admin/operations?days=30'),
    admin.ok('GET', '/api/registry/admin/operations?days=30'),
    admin.ok('GET', '/api/builds/admin/operations?days=30'),
  ]);
  const sum = (days: any[], key: string) => days.reduce((n, d) => n + Number(d[key] ?? 0), 0);
  return {
    deploys: sum(cells.days, 'deploys'),
    releases: sum(cells.days, 'releases'),
    rollbacks: sum(cells.days, 'rollbacks'),
    scalings: sum(cells.days, 'scalings'),
    builds: sum(builds.days, 'builds'),
    pushes: sum(registry.days, 'pushes'),
  };
}

/** The totals the page shows. */
async function pageTotals(page: Page): Promise<Totals> {
  const out = {} as Totals;
  for (const k of KINDS) out[k] = Number(await page.getByTestId(`ops-total-${k}`).textContent());
  return out;
}

describe('platform admin view in Chromium', () => {
  let url: string;
  let browser: Browser;
  let alice: PortalClient;

  beforeAll(async () => {
    url = await requirePortal();
    fs.mkdirSync(ADMIN_ARTIFACTS, { recursive: true });
    alice = new PortalClient(url, (await signInTokens(url, ['alice'])).alice);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await alice?.call('DELETE', `/api/slb/domains/${DOMAIN}`).catch(() => undefined);
    await browser?.close();
  });

  it('shows erin the operations the test performed, its failed build, capacity and special configuration; sets a quota through the dialog', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const token = recordToken(page, 'builds');
    await page.goto(`${url}/cellport-admin`);
    await signInAs(page, 'erin');
    await page.getByTestId('ops-total-builds').waitFor();
    const erin = new PortalClient(
      url,
      await waitFor('erin’s token', async () => {
        try {
          return token();
        } catch {
          return undefined;
        }
      }),
    );
    // the admin page is in erin's sidebar
    await page.getByTestId('sidebar-root').getByRole('link', { name: 'Admin', exact: true }).waitFor();
    const before = await apiTotals(erin);
    expect(await pageTotals(page)).toEqual(before);

    // ---- what alice does -------------------------------------------------------------------
    // an app in both cells, v1 deployed, scaled in one cell, v2 deployed and released
    await alice.ok('POST', '/api/cells/apps', { name: APP, production: true, cells: CELLS });
    await alice.ok('POST', `/api/cells/apps/${APP}/versions`, { name: 'v1', spec: versionSpec(ONE_EACH, {}, 'example/shop:1.0.0') });
    await alice.ok('POST', `/api/cells/apps/${APP}/versions/v1/scale`, { cell: 'dev-1', replicas: 2 });
    await alice.ok('POST', `/api/cells/apps/${APP}/versions`, { name: 'v2', spec: versionSpec(ONE_EACH, {}, 'example/shop:2.0.0') });
    const release = await alice.ok('POST', `/api/cells/apps/${APP}/releases`, {
      version: 'v2',
      steps: [{ cells: CELLS, canary: { percent: 100 }, readyDeadlineSeconds: 120 }],
    });
    // a build that pushes its image, and one whose Dockerfile fails
    await createImageRepository(alice, IMAGE_GROUP, 'web');
    await createRepository(GOOD);
    await createRepository(BAD, 'FROM scratch\nRUN exit 3\n');
    for (const name of [GOOD, BAD]) {
      await alice.ok('POST', '/api/builds/configs', {
        name,
        repositoryUrl: `${gitBaseUrl()}/${name}.git`,
        imageRepository: `${IMAGE_GROUP}/web`,
      });
      await alice.ok('POST', `/api/builds/configs/${name}/builds`, {});
    }
    await alice.waitForBuild(GOOD, 1, ['succeeded'], 480_000);
    const failed = await waitFor(
      'the failing build to fail',
      async () => {
        const b = await alice.ok('GET', `/api/builds/configs/${BAD}/builds/1`);
        return b.state === 'failed' ? b : undefined;
      },
      480_000,
      500,
    );
    await waitFor(
      'the release to end',
      async () => {
        const r = await alice.ok('GET', `/api/cells/apps/${APP}/releases/${release.id}`);
        return ['succeeded', 'rolled-back', 'failed'].includes(r.state) ? r : undefined;
      },
      240_000,
      500,
    );
    const released = await alice.ok('GET', `/api/cells/apps/${APP}/releases/${release.id}`);
    expect(released.state).toBe('succeeded');
    // a domain of alice's app; erin adds special configuration to it
    await alice.ok('POST', '/api/slb/domains', {
      name: DOMAIN,
      group: 'dev-public',
      app: APP,
      locations: [{ path: '/', app: APP, port: 8080 }],
    });
    await erin.ok('PUT', `/api/slb/domains/${DOMAIN}/directives`, { extraDirectives: 'client_max_body_size 16m;' });

    // ---- the counts grew by exactly what the test did --------------------------------------
    const expected: Totals = {
      // v1's first deploy; v2 is only created (cells that serve a version move to another by a release)
      deploys: before.deploys + 1,
      releases: before.releases + 1,
      rollbacks: before.rollbacks,
      scalings: before.scalings + 1,
      builds: before.builds + 2,
      pushes: before.pushes + 1,
    };
    // the registry records a push when its notification arrives: poll the routes, then the page
    await waitFor(
      'the admin routes to count the test’s operations',
      async () => {
        const now = await apiTotals(erin);
        return JSON.stringify(now) === JSON.stringify(expected) ? now : undefined;
      },
      120_000,
      1000,
    ).catch(async e => {
      throw new Error(`${e.message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(await apiTotals(erin))}`);
    });
    await page.reload();
    await page.getByTestId('ops-total-builds').waitFor();
    expect(await pageTotals(page)).toEqual(expected);

    // the failed build: reason, who started it (display name), a link to its page
    const buildRow = page.locator('tr', { hasText: `${BAD} #1` });
    await buildRow.waitFor();
    expect(await buildRow.textContent()).toContain(failed.reason);
    await buildRow.getByText('Alice Arnold').waitFor();
    expect(await buildRow.getByRole('link', { name: `${BAD} #1` }).getAttribute('href')).toBe(`/builds/${BAD}/builds/1`);
    // capacity of both cells, and the special configuration with who set it
    for (const cell of CELLS) await page.getByTestId(`capacity-cell-${cell}`).getByTestId('capacity-cpu').waitFor();
    const special = page.locator('tr', { hasText: DOMAIN });
    await special.getByText('client_max_body_size 16m;').waitFor();
    await special.getByText('Erin Evans').waitFor();
    expect(await page.getByTestId('admin-part-error').count()).toBe(0);
    await screenshotAtWidths(page, '../admin/admin-view');
    // the whole page, failures, quotas and special configuration included (the content scrolls
    // inside the app's frame, so a tall window rather than a full-page shot)
    for (const width of screenshotWidths) {
      await page.setViewportSize({ width, height: 2600 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, `admin-view-whole-${width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // ---- a quota through the dialog, then cleared --------------------------------------------
    await page.getByTestId('quota-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#quota-group').fill('platform');
    await dialog.locator('#quota-apps').fill('x');
    expect(await dialog.getByTestId('quota-save').isDisabled()).toBe(true);
    await dialog.locator('#quota-apps').fill('1000');
    await dialog.locator('#quota-memory').fill('65536');
    await screenshotAtWidths(page, '../admin/admin-quota-dialog');
    await dialog.getByTestId('quota-save').click();
    await dialog.waitFor({ state: 'detached' });
    try {
      const row = page.locator('tr', { has: page.getByTestId(`quota-edit-${QUOTA_GROUP}`) });
      await row.getByText('of 1000').waitFor();
      const quotas = await erin.ok('GET', '/api/cells/admin/quotas');
      expect(quotas.quotas.find((q: any) => q.ownerGroup === QUOTA_GROUP)).toMatchObject({
        limits: { apps: 1000, memoryBytes: 65536 * 1024 * 1024 },
        updatedBy: 'user:default/erin',
      });
      await page.getByTestId(`quota-clear-${QUOTA_GROUP}`).click();
      await page.getByTestId(`quota-clear-${QUOTA_GROUP}`).waitFor({ state: 'detached' });
    } finally {
      await erin.call('DELETE', `/api/cells/admin/quotas/${encodeURIComponent(QUOTA_GROUP)}`);
    }
    const after = await erin.ok('GET', '/api/cells/admin/quotas');
    expect(after.quotas.find((q: any) => q.ownerGroup === QUOTA_GROUP)?.limits ?? {}).toEqual({});
    await context.close();
  });

  it('is not there for anyone else: not found in the browser, the body-less 404 of an unknown route from every admin route', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}/cellport-admin`);
    await signInAs(page, 'alice');
    await page.getByText(/page not found/i).waitFor();
    expect(await page.getByTestId('ops-total-builds').count()).toBe(0);
    // the rest of her sidebar is there, not the admin item
    const sidebar = page.getByTestId('sidebar-root');
    await sidebar.getByRole('link', { name: 'Catalog', exact: true }).waitFor();
    expect(await sidebar.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await screenshotAtWidths(page, '../admin/admin-not-found');
    await context.close();

    const guest = await PortalClient.guest();
    const group = encodeURIComponent(QUOTA_GROUP);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/cells/admin/operations?days=30'],
      ['GET', '/api/cells/admin/operations?days=0'],
      ['GET', '/api/cells/admin/capacity'],
      ['GET', '/api/cells/admin/quotas'],
      ['PUT', `/api/cells/admin/quotas/${group}`, { apps: 0 }],
      ['DELETE', `/api/cells/admin/quotas/${group}`],
      ['GET', '/api/registry/admin/operations?days=30'],
      ['GET', '/api/registry/admin/quotas'],
      ['PUT', `/api/registry/admin/quotas/${group}`, { imageGroups: 0 }],
      ['DELETE', `/api/registry/admin/quotas/${group}`],
      ['GET', '/api/builds/admin/operations?days=30'],
      ['GET', '/api/slb/admin/special-configs'],
    ];
    for (const client of [alice, guest]) {
      const unknown = await fetch(`${url}/api/builds/admin/no-such-route`, {
        headers: { authorization: `Bearer ${client.token}` },
      });
      expect(unknown.status).toBe(404);
      const unknownBody = await unknown.text();
      for (const [method, p, body] of routes) {
        const res = await fetch(`${url}${p}`, {
          method,
          headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect({ route: `${method} ${p}`, status: res.status, body: await res.text() }).toEqual({
          route: `${method} ${p}`,
          status: 404,
          body: unknownBody,
        });
      }
    }
  });
});
