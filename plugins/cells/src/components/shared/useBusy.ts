import { useCallback, useState } from 'react';
import { messageOf } from './format';

/**
 * Runs one action at a time, remembering whether it is running and the last failure's message
 * (the server's, for a `ResponseError`).
 */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
