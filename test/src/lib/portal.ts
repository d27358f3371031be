/**
 * Where the portal under test runs, and a guest token for API calls.
 *
 * `npm test` starts its own portal instance (scripts/start.sh with CELLPORT_INSTANCE=test) and passes
 * its URL in CELLPORT_URL. A test that needs the portal fails when it is not reachable: it never skips.
 */
import { eventually } from '@cellport/test-utils';

export const portalUrl = (): string =>
  process.env.CELLPORT_URL ?? 'http://127.0.0.1:7007';

/** Fails with a clear message unless the portal answers its readiness check. */
export async function requirePortal(): Promise<string> {
  const url = portalUrl();
  try {
    const res = await fetch(`${url}/.backstage/health/v1/readiness`);
    if (res.ok) {
      return url;
    }
    throw new Error(`readiness answered ${res.status}`);
  } catch (e) {
    throw new Error(
      `The portal is not running at ${url} (${e}). Run the whole suite with \`npm test\`, or start it with \`npm start\` and set CELLPORT_URL.`,
    );
  }
}

/** A guest user token from the portal's guest auth provider. */
export async function guestToken(url = portalUrl()): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`:
 * `eventually` of @cellport/test-utils with positional options, for the portal tests.
 */
export function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  return eventually(what, check, { timeoutMs, intervalMs, until: 'defined' });
}
