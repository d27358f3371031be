/**
 * Observability in Chromium against the running portal (issue 14): alice's app runs in both simulated
 * cells and takes a bounded loopback load; its dashboard shows a chart with a line in every panel,
 * split by cell; the alerts tab refuses a threshold Prometheus' checker rejects with the server's
 * reason and accepts the corrected one. Screenshots at 1440 and 1024 px.
 */
import { Browser, Page } from 'playwright-core';
import { PANEL_IDS } from '@cellport/plugin-observability-common';
import { requirePortal, waitFor } from '../lib/portal';
import { launchBrowser, recordToken, screenshot, screenshotAtWidths, signInAs } from '../lib/browser';
import { CellClients } from '../cells/harness';
import { portalCell } from '../lib/portalCells';
import { startTraffic, Traffic } from '../cells/traffic';
import { versionSpec } from '../cells/api';

jest.setTimeout(420_000);

const CELLS = ['dev-1', 'dev-2'];

/** Clients of the portal's simulated cells. */
function cellClients(): Record<string, CellClients> {
  return Object.fromEntries(CELLS.map(cell => [cell, portalCell(cell)]));
}

describe('observability in Chromium', () => {
  let url: string;
  let browser: Browser;
  let page: Page;
  let traffic: Traffic | undefined;
  let cellsToken: () => string;
  const app = `ob${Date.now().toString(36)}`;
  /** The app `app` calls on every request (SkyWalking topology edge). */
  const pay = `${app}p`;
  const collector = `127.0.0.1:${process.env.CELLPORT_SKYWALKING_PORT ?? 12800}`;

  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}/api${p}`, {
      method,
      headers: {
        authorization: `Bearer ${cellsToken()}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  beforeAll(async () => {
    url = await requirePortal();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(60_000);
    cellsToken = recordToken(page, 'cells');
  });

  afterAll(async () => {
    await traffic?.stop();
    if (page) await screenshot(page, 'observability-last').catch(() => undefined);
    if (url && app) {
      const rules = await call('GET', `/observability/apps/${app}/alerts/rules`).catch(() => undefined);
      for (const rule of rules?.items ?? []) {
        await call('DELETE', `/observability/apps/${app}/alerts/rules/${rule.id}`).catch(() => undefined);
      }
      await call('DELETE', `/cells/apps/${app}`).catch(() => undefined);
      await call('DELETE', `/cells/apps/${pay}`).catch(() => undefined);
    }
    await browser?.close();
  });

  it("shows alice's app with a line in every panel, split by cell", async () => {
    await page.goto(`${url}/observability`);
    await signInAs(page, 'alice');
    await page.getByText('Observability').first().waitFor();
    await waitFor('a token for the cells API', async () => {
      try {
        return cellsToken();
      } catch {
        return undefined;
      }
    });

    // pay: a second app, reporting to SkyWalking, that the app calls on every request
    await call('POST', '/cells/apps', { name: pay, production: true, cells: CELLS });
    await call('POST', `/cells/apps/${pay}/versions`, {
      name: 'v1',
      spec: versionSpec({ 'dev-1': 1, 'dev-2': 1 }, { SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector }),
    });
    const clients = cellClients();
    const payIP = await waitFor(
      'a ready pod of pay',
      async () => {
        const pods = await clients['dev-1'].core.listNamespacedPod({ namespace: pay });
        return pods.items.find(p => p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True'))
          ?.status?.podIP;
      },
      120_000,
      1000,
    );
    await call('POST', '/cells/apps', { name: app, production: true, cells: CELLS });
    await call('POST', `/cells/apps/${app}/versions`, {
      name: 'v1',
      spec: versionSpec(
        { 'dev-1': 1, 'dev-2': 1 },
        {
          SIM_LATENCY_MS: '10-60',
          SIM_FAIL_RATE: '0.02',
          SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector,
          SIM_DOWNSTREAM_URL: `http://${payIP}:8080/pay`,
        },
      ),
    });
    await waitFor(
      'v1 ready in both cells',
      async () => {
        const o = await call('GET', `/cells/apps/${app}/overview`);
        return o.cells.every((c: any) => c.versions.some((v: any) => v.version === 'v1' && v.ready === 1))
          ? true
          : undefined;
      },
      120_000,
      1000,
    );
    traffic = startTraffic({ app, cells: clients, ratePerSecond: 8 });
    // the API first: every panel has a series in both cells
    await waitFor(
      'every panel with both cells',
      async () => {
        const d = await call('GET', `/observability/apps/${app}/dashboard?range=15m`);
        return d.panels.every((p: any) => p.series.length === 2) ? d : undefined;
      },
      180_000,
      3000,
    );

    await page.goto(`${url}/observability/${app}`);
    await page.getByText(`Observability of ${app}`).waitFor();
    // the app is minutes old: the last 15 minutes show its lines across the chart
    await page.getByLabel('Time range').click();
    await page.getByRole('option', { name: 'Last 15 minutes' }).click();
    for (const id of PANEL_IDS) {
      const panel = page.getByTestId(`panel-${id}`);
      // a flat line (no restarts) has no height, so it counts as hidden: wait for it in the DOM
      await panel
        .locator('.recharts-line-curve[d]')
        .first()
        .waitFor({ state: 'attached', timeout: 60_000 });
      expect(await panel.locator('.recharts-line').count()).toBe(2);
      await expect(panel.getByText('dev-1').first().isVisible()).resolves.toBe(true);
    }
    await screenshotAtWidths(page, 'observability-dashboard');

    // by version: one line per version (canary against stable during a release)
    await page.getByLabel('Series').click();
    await page.getByRole('option', { name: /By version/ }).click();
    await page.getByTestId('panel-requestRate').getByText('v1').first().waitFor();
  });

  it('alice sets an alert threshold; a summary Prometheus rejects is refused with its reason', async () => {
    await page.getByRole('tab', { name: 'Alerts' }).click();
    await page.getByRole('button', { name: 'New alert' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('errors');
    await dialog.getByLabel('Summary (optional)').fill('ratio {{ $value ');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/^Prometheus rejects these alert rules: .*template/).waitFor();
    await screenshot(page, 'observability-alert-refused-1440');
    await dialog.getByLabel('Summary (optional)').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'errors', exact: true }).waitFor();
    await page.getByText('No alert has fired yet.').waitFor();
    await screenshotAtWidths(page, 'observability-alerts');
    const rules = await call('GET', `/observability/apps/${app}/alerts/rules`);
    expect(rules.items.map((r: any) => [r.name, r.metric, r.threshold, r.for])).toEqual([
      ['errors', 'errorRatio', 0.05, '2m'],
    ]);
    expect(rules.status).toEqual({ loaded: true });
  });

  it("shows the app's topology (it calls pay), its endpoints and a trace across both as a waterfall", async () => {
    await page.getByRole('tab', { name: 'Traces and topology' }).click();
    const topology = page.getByTestId('topology');
    await waitFor(
      'the edge to pay in the topology',
      async () => {
        if (await topology.getByText(pay, { exact: true }).count()) return true;
        await page.getByRole('tab', { name: 'Dashboards' }).click();
        await page.getByRole('tab', { name: 'Traces and topology' }).click();
        return undefined;
      },
      120_000,
      3000,
    );
    await topology.getByText(app, { exact: true }).waitFor();
    await topology.getByText(/cpm · \d+ ms/).waitFor();
    const list = page.getByTestId('trace-list');
    await list.locator('tbody tr').first().click();
    const waterfall = page.getByTestId('trace-waterfall');
    await waterfall.getByText(`${pay} · Entry /pay`).waitFor();
    await waterfall.getByText(`${app} · Exit /pay`).waitFor();
    await screenshotAtWidths(page, 'observability-traces');
  });
});
