import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Locator, Page } from 'playwright-core';

/** Folder for screenshots (git-ignored): artifacts/browser at the repository root. */
// eslint-disable-next-line no-restricted-syntax -- test sources run from the repository, never bundled
export const artifactsDir = path.resolve(__dirname, '../../../artifacts/browser');

/** Debian's Chromium; `npm test` installs the package when it is missing. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with the flags this sandbox needs (root: no sandbox; closed network:
 * no background networking). Fails, never skips, when Chromium is missing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it with 'apt-get install -y chromium' (npm test does this)`,
    );
  }
  fs.mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Saves a full-page screenshot under artifacts/browser/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(artifactsDir, `${name}.png`),
    fullPage: true,
  });
}

/** The widths every main page is looked at: a large laptop and a small one. */
export const screenshotWidths = [1440, 1024] as const;

/**
 * Saves screenshots of the current page at each width in {@link screenshotWidths}, as
 * artifacts/browser/<name>-<width>.png, then restores the page's viewport. Open them and check that
 * nothing wraps mid-word, overlaps or hides an error below the fold.
 */
export async function screenshotAtWidths(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const width of screenshotWidths) {
    await page.setViewportSize({ width, height: 900 });
    // let the layout settle (responsive grids re-flow on resize)
    await page.waitForTimeout(300);
    await screenshot(page, `${name}-${width}`);
  }
  if (original) {
    await page.setViewportSize(original);
  }
}

/**
 * Signs in as a catalog user through the development OIDC provider (the "Sign in as a user" card):
 * the provider's login form opens in a popup and accepts any password.
 */
export async function signInAs(page: Page, user: string): Promise<void> {
  const card = page.locator('li', { hasText: 'Sign in as a user' });
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    card.getByRole('button', { name: /sign in/i }).click(),
  ]);
  await popup.waitForLoadState();
  await popup.locator('input[name="login"]').fill(user);
  await popup.locator('input[name="password"]').fill('any-password');
  await popup.locator('button[type="submit"]').click();
  // the development provider may show a consent step; accept it when it does
  const consent = popup.locator('button[type="submit"]', { hasText: /continue/i });
  await Promise.race([
    popup.waitForEvent('close'),
    consent.click({ timeout: 15_000 }).catch(() => undefined),
  ]);
  if (!popup.isClosed()) {
    await popup.waitForEvent('close', { timeout: 30_000 });
  }
}

/**
 * Records the signed-in user's Backstage token from the portal's own calls to a backend plugin
 * (the app sends it as a bearer token with every API request), for direct API calls in a test.
 */
export function recordToken(page: Page, pluginId = 'registry'): () => string {
  let token: string | undefined;
  page.on('request', request => {
    const auth = request.headers().authorization;
    if (request.url().includes(`/api/${pluginId}/`) && auth?.startsWith('Bearer ')) {
      token = auth.slice('Bearer '.length);
    }
  });
  return () => {
    if (!token) {
      throw new Error(`the portal sent no Backstage token to the ${pluginId} backend`);
    }
    return token;
  };
}

/**
 * Asserts that two elements do not overlap on screen (e.g. a copy button and the command it
 * copies), with their boxes in the message when they do.
 */
export async function expectNoOverlap(
  a: Locator,
  b: Locator,
  what: string,
): Promise<void> {
  const [boxA, boxB] = await Promise.all([a.boundingBox(), b.boundingBox()]);
  if (!boxA || !boxB) {
    throw new Error(`${what}: an element is not visible`);
  }
  const overlap =
    boxA.x < boxB.x + boxB.width &&
    boxB.x < boxA.x + boxA.width &&
    boxA.y < boxB.y + boxB.height &&
    boxB.y < boxA.y + boxA.height;
  if (overlap) {
    throw new Error(
      `${what}: the elements overlap: ${JSON.stringify(boxA)} and ${JSON.stringify(boxB)}`,
    );
  }
}

/**
 * Asserts that an element can be seen and clicked where it is, without scrolling: the point at its
 * centre belongs to it (not clipped by a scrolling container, not covered, not off screen).
 */
export async function expectReachable(locator: Locator, what: string): Promise<void> {
  const reachable = await locator.evaluate(element => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(
      box.left + box.width / 2,
      box.top + box.height / 2,
    );
    return Boolean(hit && (element === hit || element.contains(hit)));
  });
  if (!reachable) {
    throw new Error(`${what}: not visible where it is (clipped, covered or off screen)`);
  }
}

/** Signs in as the development guest user (the guest card's Enter button). */
export async function signInAsGuest(page: Page): Promise<void> {
  const card = page.locator('li', { hasText: 'Guest' });
  await card.getByRole('button', { name: /enter/i }).click();
}
