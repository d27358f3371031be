/**
 * The setup the browser tests share: Chromium with one page that records the Backstage token the
 * portal's frontend sends to a plugin's backend, sign-in as a catalog user, and a JSON client of that
 * backend's API with the user's token (to prepare what the page then shows).
 */
import { Browser, Page } from 'playwright-core';
import { requirePortal, waitFor } from './portal';
import { launchBrowser, recordToken, screenshot, signInAs } from './browser';

/** A browser, its page (1440 × 1000 px, 60 s per step) and the token the page last sent to a plugin. */
export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** The token the page sent to the plugin's backend; throws until it sent one. */
  token: () => string;
}

/** Opens Chromium with a page recording the token it sends to `/api/<pluginId>`. */
export async function openBrowserSession(
  pluginId: string,
): Promise<BrowserSession> {
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { browser, page, token: recordToken(page, pluginId) };
}

/** Opens `url`, signs in as `user` and waits until the page has sent the plugin a token. */
export async function signInWithToken(
  session: BrowserSession,
  url: string,
  user: string,
): Promise<string> {
  await session.page.goto(url);
  await signInAs(session.page, user);
  return waitFor(`a token of ${user}`, async () => {
    try {
      return session.token();
    } catch {
      return undefined;
    }
  });
}

/**
 * A JSON client of `/api/<pluginId>` on the portal at `url`, with the session's token; an answer
 * of 300 or more throws with its status and body.
 */
export function pluginApi(url: string, pluginId: string, token: () => string) {
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${url}/api/${pluginId}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
}

/** What {@link portalBrowserSuite} sets up for the tests of its `describe`. */
export interface PortalBrowserSuite extends BrowserSession {
  /** The running portal. */
  url: string;
  /** A JSON client of the plugin's API with the token the page sent it ({@link pluginApi}). */
  api: ReturnType<typeof pluginApi>;
}

/**
 * Registers, in the calling `describe`, a `beforeAll` that finds the running portal and opens
 * Chromium ({@link openBrowserSession}) and an `afterAll` that saves the page as it was left
 * (artifacts/browser/<lastScreenshot>.png, for a failed run) and closes the browser. The returned
 * object is filled in once `beforeAll` ran.
 */
export function portalBrowserSuite(
  pluginId: string,
  lastScreenshot: string,
): PortalBrowserSuite {
  const suite = {} as PortalBrowserSuite;
  beforeAll(async () => {
    const url = await requirePortal();
    const session = await openBrowserSession(pluginId);
    Object.assign(suite, session, {
      url,
      api: pluginApi(url, pluginId, session.token),
    });
  });
  afterAll(async () => {
    if (suite.page)
      await screenshot(suite.page, lastScreenshot).catch(() => undefined);
    await suite.browser?.close();
  });
  return suite;
}
