/**
 * The registry pages as people find them (issue 10): the server's own message on bad input, a
 * not-found page for a non-member, people by display name, the group page (repositories, members,
 * robots, delete), the credentials page's login lines (skopeo and buildah run them against the
 * real registry), the Images tab offering to create a component's repository, and the layout at
 * 1440 and 1024 px (the copy button never covers the pull command).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Browser, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import { writeOciLayout } from '../lib/oci';
import {
  expectNoOverlap,
  expectReachable,
  launchBrowser,
  recordToken,
  screenshot,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';

const execFileP = promisify(execFile);

jest.setTimeout(300_000);

describe('registry pages in Chromium', () => {
  let url: string;
  let browser: Browser;
  let oci: string;
  let authDir: string;
  const suffix = Date.now().toString(36);
  const group = `rp${suffix}`;
  const repo = `${group}/shop-web`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
    oci = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-oci-'));
    writeOciLayout(oci, ['v1']);
    authDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-auth-'));
  });

  afterAll(async () => {
    await browser?.close();
    for (const dir of [oci, authDir]) {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  let current: Page | undefined;
  let testNumber = 0;
  afterEach(async () => {
    // the last state of every test, kept for diagnosis
    testNumber++;
    if (current && !current.isClosed()) {
      await screenshot(current, `registry-pages-last-${testNumber}`).catch(
        () => undefined,
      );
    }
  });

  async function newPage(user: string, route = '/registry'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    current = page;
    await page.goto(`${url}${route}`);
    await signInAs(page, user);
    return page;
  }

  it("alice sees the server's message, creates a group, and manages it on its page", async () => {
    const alice = await newPage('alice');
    const token = recordToken(alice);
    await alice.getByText('Create an image group').waitFor();

    // bad input: the server's own message, not "Request failed with 400 Bad Request"
    // (Enter in the field submits the form, like its button)
    await alice.getByTestId('group-name').fill('Walk');
    await alice.getByTestId('group-name').press('Enter');
    const error = alice.getByTestId('registry-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /image group name 'Walk' is invalid: use lowercase/,
    );
    expect(await error.textContent()).not.toMatch(/Request failed/);

    // a group and a repository, then an image pushed with skopeo for a tag row
    await alice.getByTestId('group-name').fill(group);
    await alice.getByTestId('group-visibility').selectOption('private');
    await alice.getByTestId('create-group').click();
    await alice.getByTestId(`group-link-${group}`).waitFor();
    await alice.getByTestId('repo-group').selectOption(group);
    await alice.getByTestId('repo-name').fill('shop-web');
    await alice.getByTestId('create-repository').click();
    await alice.getByTestId(`repo-link-${repo}`).waitFor();
    await screenshotAtWidths(alice, 'registry-home');

    // --- the credentials page: exact login lines, run for real --------------------------------
    await alice.getByTestId('credentials-link').click();
    await alice.waitForURL(/\/registry\/credentials$/);
    await alice.getByTestId('token-name').fill(`pages-${suffix}`);
    await alice.getByTestId('create-token').click();
    await alice.getByTestId('created-token').waitFor();
    const secret = (await alice.getByTestId('token-secret').textContent())!.trim();
    const lines: Record<string, string> = {};
    for (const tool of ['docker', 'podman', 'skopeo', 'buildah']) {
      lines[tool] = (await alice.getByTestId(`${tool}-login`).textContent())!;
    }
    expect(lines.docker).toMatch(/^docker login -u alice --password-stdin \S+$/);
    const host = lines.docker.split(' ').pop()!;
    expect(lines.podman).toBe(`podman login --tls-verify=false -u alice --password-stdin ${host}`);
    expect(await alice.getByTestId('plain-http-trust').textContent()).toContain(
      `location = "${host}"`,
    );
    await screenshotAtWidths(alice, 'registry-credentials');
    for (const tool of ['skopeo', 'buildah']) {
      const [command, ...args] = lines[tool].split(' ');
      const child = execFileP(command, args, {
        timeout: 60_000,
        env: { ...process.env, REGISTRY_AUTH_FILE: path.join(authDir, `${tool}.json`) },
      });
      child.child.stdin!.end(secret);
      const { stdout } = await child;
      expect(`${tool}: ${stdout}`).toMatch(new RegExp(`^${tool}: Login Succeeded`));
    }
    await execFileP(
      'skopeo',
      ['copy', '--dest-tls-verify=false', '--dest-creds', `alice:${secret}`, `oci:${oci}:v1`, `docker://${host}/${repo}:v1`],
      { timeout: 120_000 },
    );

    // --- the repository page: people by name, times relative, the copy button beside the command
    await alice.goto(`${url}/registry/repositories/${repo}`);
    const pull = alice.getByTestId('pull-v1');
    for (let i = 0; i < 20 && !(await pull.count()); i++) {
      await alice.reload();
      await alice.getByText('Tags').first().waitFor();
    }
    await pull.waitFor();
    const row = alice.getByRole('row').filter({ has: pull });
    await expectNoOverlap(pull, row.getByRole('button', { name: /copy/i }), 'pull command and copy button');
    await alice.getByRole('table', { name: 'Members' }).getByText('Alice Arnold').first().waitFor();
    expect(await alice.getByText(/^Role of /).count()).toBe(0);
    expect(await alice.locator('time').count()).toBeGreaterThan(0);
    await screenshotAtWidths(alice, 'registry-repository');
    for (const width of [1440, 1024]) {
      await alice.setViewportSize({ width, height: 900 });
      // the table re-measures its columns after a resize
      await alice.waitForTimeout(500);
      const copy = row.getByRole('button', { name: /copy/i });
      await expectNoOverlap(pull, copy, `pull command and copy button at ${width} px`);
      await expectReachable(copy, `copy button at ${width} px`);
    }

    // --- the group page: repositories, members, robots, delete --------------------------------
    await alice.getByTestId('group-link').click();
    await alice.waitForURL(new RegExp(`/registry/groups/${group}$`));
    await alice.getByTestId(`group-repo-link-${repo}`).waitFor();
    await alice.getByRole('table', { name: 'Members' }).getByText('Alice Arnold').first().waitFor();
    await alice.getByTestId('robot-name').fill('ci');
    await alice.getByLabel('robot may push').check();
    await alice.getByTestId('create-robot').click();
    await alice.getByTestId('created-robot').waitFor();
    expect(await alice.getByTestId('created-robot').textContent()).toContain(`robot$${group}+ci`);
    await alice.getByTestId('delete-robot-ci').waitFor();
    await screenshotAtWidths(alice, 'registry-group');
    await alice.getByTestId('delete-robot-ci').click();
    await alice.getByTestId('delete-robot-ci').waitFor({ state: 'detached' });
    expect(token()).toBeTruthy();
  });

  it('bob, no member, gets a not-found page with the reason, on a direct link', async () => {
    const bob = await newPage('bob', `/registry/repositories/${repo}`);
    const notFound = bob.getByTestId('registry-not-found');
    await notFound.waitFor();
    const text = (await notFound.textContent()) ?? '';
    expect(text).toContain(`Image repository '${repo}' not found`);
    expect(text).not.toMatch(/Request failed|Error:/);
    await notFound.getByText('All repositories').waitFor();
    await screenshotAtWidths(bob, 'registry-not-found');
    await bob.goto(`${url}/registry/groups/${group}`);
    await bob
      .getByTestId('registry-not-found')
      .getByText(`Image group '${group}' not found`)
      .first()
      .waitFor();
  });

  it('alice deletes the group from its page', async () => {
    const alice = await newPage('alice', `/registry/groups/${group}`);
    await alice.getByTestId('delete-group-confirm').fill(group);
    await alice.getByTestId('delete-group').click();
    await alice.waitForURL(/\/registry$/);
    await alice.getByText('Create an image group').waitFor();
    expect(await alice.getByTestId(`group-link-${group}`).count()).toBe(0);
  });

  it('the Images tab of a component without a repository offers to create it, prefilled', async () => {
    const component = 'merchant-console';
    const carol = await newPage('carol', `/catalog/default/component/${component}/images`);
    const token = recordToken(carol);
    // a repository left by an earlier run in this state folder is removed first
    await carol
      .getByTestId('entity-repository-link')
      .or(carol.getByTestId('entity-repo-group'))
      .waitFor();
    const del = await fetch(`${url}/api/registry/repositories/payments/${component}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token()}` },
    });
    expect([204, 404]).toContain(del.status);
    await carol.reload();
    await carol.getByText('Create a repository for this component').waitFor();
    await carol.getByTestId('entity-registry-missing').waitFor();
    expect(await carol.getByTestId('entity-repo-group').inputValue()).toBe('payments');
    expect(await carol.getByTestId('entity-repo-name').inputValue()).toBe(component);
    await screenshotAtWidths(carol, 'entity-images-offer');
    await carol.getByTestId('create-entity-repository').click();
    await carol.getByTestId('entity-no-tags').waitFor();
    await carol.getByTestId('entity-repository-link').waitFor();
    await screenshot(carol, 'entity-images-created');
  });
});
