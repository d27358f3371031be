/**
 * The cells walkthrough of issues 5 and 10 in Chromium, against the portal's two simulated cells,
 * its Prometheus and steady traffic to the app's pods (as a load balancer sends it): alice creates
 * an app in dev-1 and dev-2, deploys v1, releases v2 with the default plan and its default gates
 * (no query edited) and sees it succeed; then she deploys v3 answering half its requests with 500,
 * releases it the same way and sees the error-ratio gate roll it back, the cells still on v2. On the
 * way: the dialogs never offer the version the cells serve, Start release is disabled while a
 * release is live, finished steps show their final state, the next version is prefilled from the
 * current one (not the rolled-back one) and the current version offers no Remove. The main pages
 * are saved at 1440 and 1024 px, and the gate tables never break a word.
 */
import { Browser, Locator, Page } from 'playwright-core';
import { requirePortal, waitFor } from '../lib/portal';
import {
  expectReachable,
  launchBrowser,
  screenshot,
  screenshotAtWidths,
  signInAs,
} from '../lib/browser';
import { PortalTraffic, startPortalTraffic } from '../cells/portalTraffic';

jest.setTimeout(600_000);

/** An absolute date or time as browsers print them (12/6/2026, 2026-12-06, 10:40:51). */
const ABSOLUTE_TIME = /\b\d{1,2}\/\d{1,2}\/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}:\d{2}\b/;

/** The image the first-deploy guide suggests: simulated cells run any image. */
const IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.47';

describe('cells walkthrough in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page;
  let token = '';
  let traffic: PortalTraffic | undefined;
  const app = `br${Date.now().toString(36)}`;

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // the frontend's own token, to check the cells through the API as alice
    page.on('request', req => {
      const auth = req.headers().authorization;
      if (auth?.startsWith('Bearer ') && req.url().includes('/api/cells/')) {
        token = auth.slice('Bearer '.length);
      }
    });
  });

  afterAll(async () => {
    await traffic?.stop();
    if (page) {
      await screenshot(page, 'cells-release-last').catch(() => undefined);
    }
    await browser?.close();
  });

  async function api(path: string) {
    const res = await fetch(`${url}/api/cells${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  /** Polls alice's notifications until one has `title`. */
  async function eventuallyNotified(title: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(
        `${url}/api/notifications/notifications?limit=50`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const body = (await res.json()) as {
        notifications?: Array<{ payload: { title: string; link?: string } }>;
      };
      const found = body.notifications?.find(n => n.payload.title === title);
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no notification '${title}': ${JSON.stringify(body)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }

  const header = () => page.getByTestId('app-header');
  /** The header's own Start release (the 'version created' notice may offer one too). */
  const startButton = () =>
    header().getByRole('button', { name: 'Start release' }).first();

  /** Opens New version; returns the dialog (prefilled). */
  async function openNewVersion() {
    await header().getByRole('button', { name: 'New version' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Version name/ }).waitFor();
    return dialog;
  }

  async function deployVersion(
    name: string,
    options: { replicas?: number; env?: Record<string, string> } = {},
  ) {
    const dialog = await openNewVersion();
    await dialog.getByRole('textbox', { name: /^Version name/ }).fill(name);
    await dialog
      .getByRole('textbox', { name: /^Image/ })
      .fill(`${IMAGE.split(':')[0]}:${name}`);
    if (options.replicas !== undefined) {
      for (const cell of ['dev-1', 'dev-2']) {
        await dialog
          .getByLabel(cell, { exact: true })
          .fill(String(options.replicas));
      }
    }
    for (const [key, value] of Object.entries(options.env ?? {})) {
      await dialog.getByRole('button', { name: 'Add variable' }).click();
      await dialog.getByLabel('Name', { exact: true }).last().fill(key);
      await dialog.getByLabel('Value', { exact: true }).last().fill(value);
    }
    await dialog.getByRole('button', { name: 'Create version' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
  }

  /** Starts a release with the dialog's defaults: version preselected, plan and gates untouched. */
  async function startDefaultRelease(expectedVersion: string) {
    await startButton().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Step 1').waitFor();
    // never the version the cells serve; the newest other one
    expect(await dialog.getByLabel('Version').inputValue()).toBe(
      expectedVersion,
    );
    // the default plan's canary step carries the error-ratio gate (no query typed by anyone)
    expect(await dialog.getByLabel('Gate name').first().inputValue()).toBe(
      'error ratio',
    );
    await dialog.getByRole('button', { name: 'Start release' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** No text in the gate tables' headers, gate and phase columns wraps (no word broken). */
  async function expectGateTablesOnOneLine() {
    const cells = await page.$$eval(
      'table[aria-label^="Gates of step"] th, table[aria-label^="Gates of step"] td:nth-child(-n+2)',
      nodes =>
        nodes.map(node => {
          let lines = 0;
          const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
          for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(t);
            const tops = new Set(
              [...range.getClientRects()].map(r => Math.round(r.top)),
            );
            lines = Math.max(lines, tops.size);
          }
          return { text: node.textContent, lines };
        }),
    );
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter(c => c.lines > 1)).toEqual([]);
  }

  /**
   * The table shows its times relative to now ("3 minutes ago") as <time> elements whose absolute
   * form is shown on hover, and no absolute date in its cells.
   */
  async function expectRelativeTimes(table: Locator, what: string) {
    const time = table.locator('time').first();
    await time.waitFor();
    expect(await time.textContent()).toMatch(/ago$|^just now$/);
    expect(await time.getAttribute('aria-label')).toMatch(/\d{4}/);
    await time.hover();
    await page
      .getByRole('tooltip')
      .filter({ hasText: (await time.getAttribute('aria-label'))! })
      .waitFor();
    // the tooltip closes when the pointer leaves (it must not stay in later screenshots)
    await page.mouse.move(0, 0);
    await page.getByRole('tooltip').waitFor({ state: 'detached' });
    const cells = await table.locator('td').allTextContents();
    expect({ what, dated: cells.filter(c => ABSOLUTE_TIME.test(c)) }).toEqual({
      what,
      dated: [],
    });
  }

  /** At 1024 px the table needs no horizontal scrolling: every column is in view. */
  async function expectFitsAt1024(table: Locator, what: string) {
    const original = page.viewportSize();
    await page.setViewportSize({ width: 1024, height: 900 });
    try {
      await waitFor(`the ${what} table to fit at 1024 px`, async () => {
        const { scroll, client } = await table.evaluate(element => {
          const box = element.closest('[class*="Paper"]') ?? element;
          let widest = { scroll: 0, client: 0 };
          for (const node of [box, ...box.querySelectorAll('div')]) {
            if (node.scrollWidth - node.clientWidth > widest.scroll - widest.client) {
              widest = { scroll: node.scrollWidth, client: node.clientWidth };
            }
          }
          return widest;
        });
        return scroll <= client + 1 ? true : undefined;
      }, 10_000);
    } finally {
      if (original) {
        await page.setViewportSize(original);
      }
    }
  }

  async function waitForReleaseState(state: string, timeout = 300_000) {
    await page
      .getByTestId('release-timeline')
      .getByTestId(`state-${state}`)
      .first()
      .waitFor({ timeout });
  }

  it('alice creates an app, deploys v1, releases v2 with the default gates, and a bad v3 is rolled back', async () => {
    await page.goto(`${url}/cells`);
    await signInAs(page, 'alice');
    // the Cells pages carry the page header, like Registry's
    await page.getByRole('heading', { name: 'Cells', level: 1 }).waitFor();
    // loaded: the apps table (and, for someone without apps, the first-deploy guide)
    await page.getByText('My apps').waitFor();
    await screenshotAtWidths(page, 'cells-home');

    // --- create the app in both simulated cells ------------------------------------------------
    await page
      .getByRole('button', { name: /^Create (app|your first app)$/ })
      .first()
      .click();
    const create = page.getByRole('dialog');
    await create.getByRole('textbox', { name: /^Name/ }).fill(app);
    await create.getByLabel('Cell dev-1').check();
    await create.getByLabel('Cell dev-2').check();
    await create.getByLabel('Production app').check();
    // a component the catalog does not have: the server's refusal, in view at the dialog's top
    const component = create.getByLabel('Catalog component');
    await component.fill('no-such-component');
    await create.getByRole('button', { name: 'Create app' }).click();
    const refusal = create.getByTestId('create-app-error');
    await refusal
      .getByText(/^componentRef: there is no Component component:default\/no-such-component in the catalog/)
      .waitFor();
    await expectReachable(refusal, 'the create dialog error');
    await screenshotAtWidths(page, 'cells-create-app-refused');
    await component.fill('');
    // Enter in a field submits the dialog, like its primary button
    await create.getByRole('textbox', { name: /^Name/ }).press('Enter');
    await page.waitForURL(new RegExp(`/cells/${app}$`), { timeout: 120_000 });

    // --- first version: deployed straight to both cells -----------------------------------------
    await deployVersion('v1', { replicas: 2 });
    const matrix = page.getByRole('table', { name: 'Versions by cell' });
    await matrix.getByText('2/2').nth(1).waitFor({ timeout: 120_000 });
    // nothing to release yet: every cell serves v1
    await startButton().click();
    await page
      .getByTestId('nothing-to-release')
      .getByText('Every cell serves v1 already')
      .waitFor();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Cancel' })
      .click();

    // a load balancer's traffic to the app's ready pods: what the gates measure
    traffic = startPortalTraffic({ portalUrl: url, app, token: () => token });

    // --- v2 with the default plan and gates: succeeds -------------------------------------------
    await deployVersion('v2');
    await startDefaultRelease('v2');
    await page.waitForURL(new RegExp(`/cells/${app}/releases$`));
    // while it is live no other release can start, and the page says why
    await header()
      .getByTestId('start-release-blocked-reason')
      .getByText(/^The release of v2 is (running|waiting-approval)/)
      .waitFor();
    expect(await startButton().isDisabled()).toBe(true);
    await page.getByTestId('bake-countdown-0').waitFor({ timeout: 120_000 });
    await page.getByTestId('canary-share').waitFor();
    await screenshotAtWidths(page, 'cells-release-progress');
    await waitForReleaseState('succeeded');
    await header().getByText('current version v2').waitFor();
    await page.getByTestId('gate-chart-error ratio').first().waitFor();
    await expectGateTablesOnOneLine();
    await screenshotAtWidths(page, 'cells-release-succeeded');

    const released = (await api(`/apps/${app}/releases`)).items[0];
    expect(released.state).toBe('succeeded');
    const gate = released.steps[0].gates.find(
      (g: { name: string }) => g.name === 'error ratio',
    );
    // the default gate measured the real traffic: values, all of them 0-ish, none failed
    const measured = gate.measurements.filter(
      (m: { value?: number }) => m.value !== undefined,
    );
    expect(measured.length).toBeGreaterThanOrEqual(2);
    expect(measured.every((m: { value: number }) => m.value < 0.01)).toBe(true);
    // a finished release shows no running step, gate or "current" chip
    const timeline = page.getByTestId('release-timeline');
    expect(await timeline.getByTestId('state-running').count()).toBe(0);
    expect(await timeline.getByTestId('state-baking').count()).toBe(0);
    expect(await timeline.getByText('current', { exact: true }).count()).toBe(
      0,
    );
    const notification = await eventuallyNotified(
      `${app}: release of v2 succeeded`,
    );
    expect(notification.payload.link).toBe(`/cells/${app}/releases`);

    // --- v3 answers half its requests with 500: the same default release rolls it back ----------
    const next = await openNewVersion();
    await next
      .getByText('Prefilled from v2, the version the app serves now.')
      .waitFor();
    await next.getByRole('button', { name: 'Cancel' }).click();
    await deployVersion('v3', { env: { SIM_FAIL_RATE: '0.5' } });
    await startDefaultRelease('v3');
    await waitForReleaseState('rolled-back', 240_000);
    await page
      .getByTestId('release-reason')
      .getByText(/gate error ratio failed in cell dev-1/)
      .waitFor();
    // the step it never reached says so
    await page
      .getByTestId('release-step-1')
      .getByTestId('state-not run')
      .first()
      .waitFor();
    await expectGateTablesOnOneLine();
    await screenshotAtWidths(page, 'cells-release-rolled-back');

    const detail = await api(`/apps/${app}`);
    expect(detail.currentVersion).toBe('v2');
    expect(
      detail.cells.map((c: { stableVersion: string }) => c.stableVersion),
    ).toEqual(['v2', 'v2']);
    // the bad version reached dev-1's canary only, and it answered 500s there
    const v3 = traffic.results.filter(r => r.version === 'v3');
    expect(v3.filter(r => r.status === 500).length).toBeGreaterThan(0);
    expect(v3.every(r => r.cell === 'dev-1')).toBe(true);

    // --- the next version starts from v2, not from the rolled-back v3 ---------------------------
    const after = await openNewVersion();
    await after
      .getByText('Prefilled from v2, the version the app serves now.')
      .waitFor();
    expect(
      await after.getByRole('textbox', { name: /^Version name/ }).inputValue(),
    ).toBe('v4');
    const envNames = await after
      .getByLabel('Name', { exact: true })
      .evaluateAll(inputs => inputs.map(i => (i as HTMLInputElement).value));
    expect(envNames).not.toContain('SIM_FAIL_RATE');
    await screenshotAtWidths(page, 'cells-new-version');
    await after.getByRole('button', { name: 'Cancel' }).click();

    // --- the overview: no Remove on the version the cells serve, Remove on v3 -------------------
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page
      .getByTestId('version-in-use-v2')
      .getByText('current version')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Remove v2' }).count()).toBe(
      0,
    );
    await page.getByRole('button', { name: 'Remove v3' }).waitFor();
    await screenshotAtWidths(page, 'cells-app-overview');

    // --- pods and events: times relative to now, the absolute time on hover --------------------
    await page.getByRole('tab', { name: 'Pods' }).click();
    const pods = page.getByRole('table').filter({ hasText: 'Started' });
    await expectRelativeTimes(pods, 'pods');
    await expectFitsAt1024(pods, 'pods');
    await screenshotAtWidths(page, 'cells-app-pods');
    await page.getByRole('tab', { name: 'Events' }).click();
    const events = page.getByRole('table').filter({ hasText: 'Reason' });
    await expectRelativeTimes(events, 'events');
    await expectFitsAt1024(events, 'events');
    await screenshotAtWidths(page, 'cells-app-events');

    // --- regions: capacity bars and nodes per cell ----------------------------------------------
    await page.goto(`${url}/cells/-/regions`);
    await page.getByTestId('capacity-bars').first().waitFor();
    await page.getByTestId('node-chips').first().waitFor();
    await screenshotAtWidths(page, 'cells-regions');
  });

  it("refuses what the real catalog, registry and cells' nodes cannot back, creating nothing", async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/api/cells${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const name = `${app}x`;
    const bad: Array<[unknown, RegExp]> = [
      [
        { componentRef: 'not a ref at all' },
        /^componentRef 'not a ref at all' is not an entity reference/,
      ],
      [
        { componentRef: 'component:default/no-such-component' },
        /^componentRef: there is no Component component:default\/no-such-component in the catalog/,
      ],
      [
        { imageRepository: 'nosuchgroup/nothing' },
        /^imageRepository: there is no image repository 'nosuchgroup\/nothing' in the registry/,
      ],
    ];
    for (const [extra, message] of bad) {
      const res = await call('POST', '/apps', {
        name,
        cells: ['dev-1'],
        ...(extra as object),
      });
      expect({ extra, status: res.status }).toEqual({ extra, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await call('GET', `/apps/${name}`)).status).toBe(404);

    // a Component of the catalog is accepted, in its canonical form
    const created = await call('POST', '/apps', {
      name,
      cells: ['dev-1'],
      componentRef: 'payments-api',
    });
    expect(created.status).toBe(201);
    expect(created.body.componentRef).toBe('component:default/payments-api');

    // versions larger than the simulated cells' nodes
    const spec = (cpu: string, memory: string, replicas: number) => ({
      image: IMAGE,
      replicas: { 'dev-1': replicas },
      resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    });
    const tooLarge: Array<[unknown, RegExp]> = [
      [spec('100000', '128Mi', 1), /^a pod requests 100000 cores of CPU/],
      [spec('100m', '1Ti', 1), /^a pod requests 1024 GiB of memory/],
      [spec('100m', '128Mi', 500), /^cell 'dev-1' fits at most \d+ replicas/],
    ];
    for (const [body, message] of tooLarge) {
      const res = await call('POST', `/apps/${name}/versions`, {
        name: 'v1',
        spec: body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await call('GET', `/apps/${name}/versions`)).body.items).toEqual(
      [],
    );
    expect((await call('DELETE', `/apps/${name}`)).status).toBe(204);
  });
});
