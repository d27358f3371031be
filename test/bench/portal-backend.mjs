// Backend cold start (process spawn to readiness) and resident memory after start, then catalog entity
// page load time in Chromium (navigation to the entity's description being visible; guest session).
// Short form (CELLPORT_BENCH_SHORT=1): 2 page loads instead of 5.
import { chromium } from 'playwright-core';
import { SHORT, startBackend, waitForEntity } from './_portal.mjs';

const backend = await startBackend();
const figures = { bench: 'portal-backend', short: SHORT, coldStartMs: Math.round(backend.readyMs) };
try {
  await waitForEntity(backend.url);
  await new Promise(r => setTimeout(r, SHORT ? 1000 : 3000)); // settle after the first catalog pass
  figures.rssAfterStartMb = Math.round(backend.rssMb());

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(backend.url);
    await page.locator('li', { hasText: 'Guest' }).getByRole('button', { name: /enter/i }).click();
    await page.getByText('Welcome to Cellport').waitFor({ timeout: 60_000 });
    const samples = [];
    const LOADS = SHORT ? 2 : 5;
    for (let i = 0; i < LOADS; i++) {
      const t0 = performance.now();
      await page.goto(`${backend.url}/catalog/default/component/payments-api`);
      await page.getByText('Accepts card payments and refunds').first().waitFor({ timeout: 60_000 });
      samples.push(performance.now() - t0);
    }
    const first = samples[0];
    samples.sort((a, b) => a - b);
    figures.entityPageLoadMs = { first: Math.round(first), median: Math.round(samples[Math.floor(samples.length / 2)]), max: Math.round(samples[samples.length - 1]) };
    figures.entityPageSamples = samples.length;
  } finally {
    await browser.close();
  }
} finally {
  await backend.stop();
}
console.log(JSON.stringify(figures));
