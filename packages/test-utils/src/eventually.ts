/** Polling for a condition in tests: the one `eventually` every Cellport test uses. */

/**
 * How {@link eventually} polls.
 *
 * @public
 */
export interface EventuallyOptions {
  /** Fails after this long (default 120 s; be generous: CI runs on a loaded 2-core machine). */
  timeoutMs?: number;
  /** Pause between checks (default 250 ms). */
  intervalMs?: number;
  /**
   * What counts as done: `truthy` (default) any truthy value; `defined` anything but `undefined`
   * (for checks whose answer may be `false`, `0` or `null`).
   */
  until?: 'truthy' | 'defined';
}

/**
 * Calls `check` until it gives a value that counts as done, and returns that value. A check that
 * throws counts as "not yet"; past the deadline the error names `what`, the last error and the
 * last value. `options` may be the timeout in milliseconds.
 *
 * @public
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: EventuallyOptions | number = {},
): Promise<T> {
  const { timeoutMs = 120_000, intervalMs = 250, until = 'truthy' } =
    typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await check();
      lastValue = value;
      lastError = undefined;
      if (until === 'defined' ? value !== undefined : value) {
        return value as T;
      }
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms${
          lastError
            ? ` (last error: ${(lastError as Error)?.message ?? lastError})`
            : ` (last value: ${describe(lastValue)})`
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}
