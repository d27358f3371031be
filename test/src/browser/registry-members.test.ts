/**
 * Members of an image repository in the portal (issue 4's browser test, on the registry plugin):
 * alice (Owner) creates an image group and a private repository and adds bob as Reporter in the
 * members panel; bob sees the repository but no Master-only control, and the backend refuses
 * him when he calls the API directly with his own token.
 */
import { Browser, Page } from 'playwright-core';
import { requirePortal } from '../lib/portal';
import {
  launchBrowser,
  recordToken,
  screenshot,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';

jest.setTimeout(300_000);

describe('registry members in Chromium', () => {
  let url: string;
  let browser: Browser;
  const suffix = Date.now().toString(36);
  const group = `bt${suffix}`;
  const repo = `${group}/private-app`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  let current: Page | undefined;
  afterEach(async () => {
    // the last state, kept for diagnosis
    if (current && !current.isClosed()) {
      await screenshot(current, 'registry-members-last').catch(() => undefined);
    }
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 1000 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    current = page;
    return page;
  }

  async function api(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const res = await fetch(`${url}/api/registry${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  it('alice adds bob as Reporter; bob sees the repository but may not manage it', async () => {
    // --- alice creates the group and a private repository, and adds bob as Reporter ---------
    const alice = await newPage();
    const aliceToken = recordToken(alice);
    await alice.goto(`${url}/registry`);
    await signInAs(alice, 'alice');
    await alice.getByText('Create an image group').waitFor();
    await alice.getByTestId('group-name').fill(group);
    await alice.getByTestId('group-visibility').selectOption('private');
    await alice.getByTestId('create-group').click();
    await alice.getByRole('cell', { name: group, exact: true }).waitFor();
    await alice.getByTestId('repo-group').selectOption(group);
    await alice.getByTestId('repo-name').fill('private-app');
    await alice.getByTestId('repo-visibility').selectOption('private');
    await alice.getByTestId('create-repository').click();
    await alice.getByTestId(`repo-link-${repo}`).waitFor();
    await screenshot(alice, 'registry-members-1-alice-created');

    await alice.getByTestId(`repo-link-${repo}`).click();
    await alice.waitForURL(new RegExp(`/registry/repositories/${repo}$`));
    await alice.getByTestId('repo-visibility-chip').getByText('private').waitFor();
    await alice.getByText(/Alice Arnold|user:default\/alice/).first().waitFor();
    await alice.getByRole('button', { name: 'Add member' }).click();
    const dialog = alice.getByRole('dialog');
    await dialog.getByLabel('User or group').fill('bob');
    await alice.getByRole('option', { name: /bob/i }).first().click();
    await dialog.getByLabel('Role').click();
    await alice.getByRole('option', { name: 'Reporter', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await alice.getByText(/Bob Baker|user:default\/bob/).first().waitFor();
    await alice.getByLabel('Role of Bob Baker').waitFor();
    expect(await alice.getByText(/^Role of /).count()).toBe(0);
    await alice.getByRole('table', { name: 'Members' }).scrollIntoViewIfNeeded();
    await screenshotAtWidths(alice, 'registry-members');
    // the activity names bob as people know him, never by his entity reference
    await alice.reload();
    const added = alice
      .getByRole('row')
      .filter({ has: alice.getByTestId('activity-member-added') })
      .getByTestId('activity-details');
    await added.getByRole('link', { name: 'Bob Baker' }).waitFor();
    expect(await added.textContent()).not.toContain('user:default/bob');
    await added.scrollIntoViewIfNeeded();
    await screenshotAtWidths(alice, 'registry-activity');
    const aliceView = await api(aliceToken(), 'GET', `/repositories/${repo}`);
    expect(aliceView.body.allowed).toMatchObject({ tagDelete: true, membersManage: true, visibilityUpdate: true });
    const members = await api(aliceToken(), 'GET', `/repositories/${repo}/members`);
    expect(JSON.stringify(members.body)).toMatch(/user:default\/bob.*reporter|reporter.*user:default\/bob/);

    // --- bob sees the repository, without Master-only controls ------------------------------
    const bob = await newPage();
    const bobToken = recordToken(bob);
    await bob.goto(`${url}/registry`);
    await signInAs(bob, 'bob');
    await bob.getByTestId(`repo-link-${repo}`).click();
    await bob.waitForURL(new RegExp(`/registry/repositories/${repo}$`));
    await bob.getByText('Bob Baker').first().waitFor();
    await bob.getByText('Tags').first().waitFor();
    await screenshot(bob, 'registry-members-3-bob-view');
    expect(await bob.getByRole('button', { name: 'Add member' }).count()).toBe(0);
    expect(await bob.locator('[data-testid^="delete-tag-"]').count()).toBe(0);
    expect(await bob.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await bob.getByLabel(/^Role of /).count()).toBe(0);

    // --- and the backend refuses his direct calls -------------------------------------------
    const view = await api(bobToken(), 'GET', `/repositories/${repo}`);
    expect(view.status).toBe(200);
    expect(view.body.allowed).toMatchObject({ pull: true, push: false, tagDelete: false, membersManage: false, visibilityUpdate: false });
    const add = await api(bobToken(), 'POST', `/repositories/${repo}/members`, { member: 'user:default/carol', role: 'guest' });
    expect([403, 404]).toContain(add.status);
    const promote = await api(bobToken(), 'PUT', `/repositories/${repo}/members/${encodeURIComponent('user:default/bob')}`, { role: 'master' });
    expect([403, 404]).toContain(promote.status);
    const visibility = await api(bobToken(), 'PUT', `/repositories/${repo}/visibility`, { visibility: 'public' });
    expect([403, 404]).toContain(visibility.status);
    const patch = await api(bobToken(), 'PATCH', `/repositories/${repo}`, { visibility: 'public' });
    expect([403, 404]).toContain(patch.status);
    const delTag = await api(bobToken(), 'DELETE', `/repositories/${repo}/tags/latest`);
    expect([403, 404]).toContain(delTag.status);
    // nothing changed
    const after = await api(bobToken(), 'GET', `/repositories/${repo}`);
    expect(after.body.visibility).toBe('private');
    // carol, not a member, does not even see it
  });

  it('alice creates a personal access token and sees the docker login line once', async () => {
    const alice = await newPage();
    await alice.goto(`${url}/registry`);
    await signInAs(alice, 'alice');
    await alice.getByTestId('credentials-link').click();
    await alice.waitForURL(/\/registry\/credentials$/);
    const tokenName = `laptop-${suffix}`;
    await alice.getByTestId('token-name').fill(tokenName);
    await alice.getByTestId('create-token').click();
    await alice.getByTestId('created-token').waitFor();
    expect(await alice.getByTestId('docker-login').textContent()).toMatch(/^docker login -u alice --password-stdin \S+$/);
    expect(await alice.getByTestId('token-secret').textContent()).toMatch(/^cpat_/);
    await alice.getByRole('cell', { name: tokenName, exact: true }).waitFor();
    await screenshot(alice, 'registry-credentials');
    await alice.getByTestId(`revoke-${tokenName}`).click();
    await alice.getByText(/^revoked /).first().waitFor();
  });
});
