/** Waiting between polls of a long step. */

/** Resolves after `ms`, or as soon as `signal` aborts (the task was cancelled). */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
