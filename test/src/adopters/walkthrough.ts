/**
 * The walk through a stock Backstage portal that installed Cellport from tarballs
 * (test/fixtures/portals, started by scripts/adopter-portals.sh): the steps both the legacy and the
 * new-frontend-system portal go through, in Chromium, as the users of the fixture's catalog.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Browser, Page } from 'playwright-core';
import {
  artifactsDir,
  screenshot,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';
import { writeOciLayout } from '../lib/oci';

const execFileP = promisify(execFile);

/**
 * `describe` when scripts/adopter-portals.sh runs this portal (CELLPORT_ADOPTER_PORTAL), else
 * `describe.skip`: the main end-to-end step has no adopter portal running.
 */
export function describeAdopterPortal(portal: 'legacy' | 'nfs') {
  return process.env.CELLPORT_ADOPTER_PORTAL === portal
    ? describe
    : describe.skip;
}

/** The adopter portal's URL and its registry's host, from scripts/adopter-portals.sh. */
export function adopterPortal(): { url: string; registryHost: string } {
  const url = process.env.CELLPORT_URL;
  const registryHost = process.env.CELLPORT_REGISTRY_HOST;
  if (!url || !registryHost) {
    throw new Error(
      'CELLPORT_URL and CELLPORT_REGISTRY_HOST must be set (run scripts/adopter-portals.sh)',
    );
  }
  return { url, registryHost };
}

/** Screenshots at 1440 and 1024 px as artifacts/adopters/<portal>-<name>-<width>.png. */
export async function adopterScreenshots(
  page: Page,
  portal: string,
  name: string,
) {
  fs.mkdirSync(path.join(artifactsDir, '../adopters'), { recursive: true });
  await screenshotAtWidths(page, `../adopters/${portal}-${name}`);
}

/** Saves the page when a step failed, as artifacts/adopters/<portal>-last.png. */
export async function adopterLastScreenshot(
  page: Page | undefined,
  portal: string,
) {
  if (page && !page.isClosed()) {
    fs.mkdirSync(path.join(artifactsDir, '../adopters'), { recursive: true });
    await screenshot(page, `../adopters/${portal}-last`).catch(() => undefined);
  }
}

/** A new page signed in as a catalog user through the portal's OIDC sign-in, at `path`. */
export async function signedIn(
  browser: Browser,
  url: string,
  user: string,
  at: string,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${url}${at}`);
  await signInAs(page, user);
  return page;
}

/** Creates a personal access token on the registry's credentials page and reads it from the page. */
export async function createAccessToken(page: Page, url: string, name: string) {
  await page.goto(`${url}/registry/credentials`);
  await page.getByTestId('token-name').fill(name);
  await page.getByTestId('create-token').click();
  await page.getByTestId('created-token').waitFor();
  const token = (await page.getByTestId('token-secret').textContent())!.trim();
  expect(token).toMatch(/^cpat_/);
  return token;
}

/** `skopeo copy` with credentials; resolves to its stderr when it fails, undefined when it copied. */
export async function skopeoCopy(
  from: string,
  to: string,
  creds: string,
): Promise<string | undefined> {
  const args = ['copy', '--src-tls-verify=false', '--dest-tls-verify=false'];
  if (from.startsWith('docker://')) {
    args.push('--src-creds', creds);
  }
  if (to.startsWith('docker://')) {
    args.push('--dest-creds', creds);
  }
  try {
    await execFileP('skopeo', [...args, from, to], { timeout: 120_000 });
    return undefined;
  } catch (e) {
    const err = e as { stderr?: string };
    return `${err.stderr ?? e}`;
  }
}

/** An OCI layout with tag v1 in a temporary folder (removed by the returned function). */
export function ociSource(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-adopter-oci-'));
  writeOciLayout(dir, ['v1']);
  return {
    dir,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The common walk, as alice (Shop team): the Cells page with both simulated cells, an app created
 * in the UI; the Registry page, an image group and a private repository created in the UI, dave
 * added as a developer on the repository's members panel, an image pushed with skopeo; the
 * component's Cells and Images tabs. Returns alice's page.
 */
export async function walkThrough(
  browser: Browser,
  portal: string,
  onPage: (page: Page) => void,
): Promise<Page> {
  const { url, registryHost } = adopterPortal();
  const alice = await signedIn(browser, url, 'alice', '/cells');
  onPage(alice);

  // --- Cells: the page, then an app created in the UI -------------------------------------------
  await alice.getByRole('heading', { name: 'Cells', level: 1 }).waitFor();
  await alice.getByText('My apps').waitFor();
  await alice
    .getByRole('button', { name: /^Create (app|your first app)$/ })
    .first()
    .click();
  const create = alice.getByRole('dialog');
  await create.getByRole('textbox', { name: /^Name/ }).fill('shop-api');
  await create.getByLabel('Cell dev-1').check();
  await create.getByLabel('Cell dev-2').check();
  await create.getByRole('button', { name: 'Create app' }).click();
  await alice.waitForURL(/\/cells\/shop-api$/, { timeout: 120_000 });
  await alice.getByRole('table', { name: 'Versions by cell' }).waitFor();
  await adopterScreenshots(alice, portal, 'cells-app');

  // --- Registry: an image group and a private repository, in the UI ------------------------------
  await alice.goto(`${url}/registry`);
  await alice.getByText('Create an image group').waitFor();
  await alice.getByTestId('group-name').fill('shop');
  await alice.getByTestId('group-visibility').selectOption('private');
  await alice.getByTestId('create-group').click();
  await alice.getByRole('cell', { name: 'shop', exact: true }).waitFor();
  await alice.getByTestId('repo-group').selectOption('shop');
  await alice.getByTestId('repo-name').fill('shop-api');
  await alice.getByTestId('repo-visibility').selectOption('private');
  await alice.getByTestId('create-repository').click();
  await alice.getByTestId('repo-link-shop/shop-api').waitFor();
  await adopterScreenshots(alice, portal, 'registry');

  // --- Members: dave joins the repository as a developer ----------------------------------------
  await alice.getByTestId('repo-link-shop/shop-api').click();
  await alice.waitForURL(/\/registry\/repositories\/shop\/shop-api$/);
  await alice.getByRole('button', { name: 'Add member' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog.getByLabel('User or group').fill('dave');
  await alice.getByRole('option', { name: /dave/i }).first().click();
  await dialog.getByLabel('Role').click();
  await alice.getByRole('option', { name: 'Developer', exact: true }).click();
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await alice.getByLabel('Role of Dave Dunn').waitFor();
  await alice.getByRole('table', { name: 'Members' }).scrollIntoViewIfNeeded();
  await adopterScreenshots(alice, portal, 'members');

  // --- an image pushed with skopeo, with alice's personal access token ---------------------------
  const token = await createAccessToken(alice, url, `push-${portal}`);
  const source = ociSource();
  try {
    const pushed = await skopeoCopy(
      `oci:${source.dir}:v1`,
      `docker://${registryHost}/shop/shop-api:v1`,
      `alice:${token}`,
    );
    expect(pushed).toBeUndefined();
  } finally {
    source.remove();
  }

  // --- the component's Cells and Images tabs ----------------------------------------------------
  // both portals mount the tabs at /cells and /images (EntityPage.tsx; the plugins' entity contents)
  const entity = `${url}/catalog/default/component/shop-api`;
  await alice.goto(`${entity}/cells`);
  await alice.getByRole('table', { name: 'Versions by cell' }).waitFor();
  await adopterScreenshots(alice, portal, 'entity-cells');
  await alice.goto(`${entity}/images`);
  await alice.getByTestId('entity-repository-link').first().waitFor();
  await alice
    .getByText('v1', { exact: true })
    .first()
    .waitFor({ timeout: 90_000 });
  await adopterScreenshots(alice, portal, 'entity-images');
  return alice;
}
