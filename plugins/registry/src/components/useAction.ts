import { useCallback, useState } from 'react';
import { errorMessage } from '@cellport/plugin-access-react';

/**
 * One user action at a time with its outcome: `busy` while it runs, `error` with the server's own
 * message when it fails, `onDone` after it succeeds (e.g. reload the list).
 */
export function useAction(onDone?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        onDone?.();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { busy, error, run };
}
