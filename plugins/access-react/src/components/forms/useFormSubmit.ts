import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../errors';

/**
 * What a form needs to submit: its action (may return a promise; a rejection is shown as the
 * server sent it), and what blocks it.
 *
 * @public
 */
export type FormSubmitOptions = {
  /** Runs on submit (the primary button or Enter in a field). */
  onSubmit(): unknown;
  /** The fields are not valid yet (their own messages say why). */
  invalid?: boolean;
  /** Why the action cannot run now; the primary button is disabled and the reason shown. */
  disabledReason?: string;
  /** The caller's own pending state (e.g. a parent that runs the action). */
  busy?: boolean;
  /** The caller's own error message, shown like a failed submit's. */
  error?: string;
};

/**
 * The state of a form's submit: `pending` while the action runs, `error` with the server's own
 * message when it failed (cleared on the next submit or `reset`), `blocked` when submitting is
 * not possible, and the form's `onSubmit` handler (prevents the page reload, ignores a submit
 * while blocked, runs one action at a time).
 *
 * @public
 */
export function useFormSubmit(options: FormSubmitOptions) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const busy = pending || Boolean(options.busy);
  const blocked = busy || Boolean(options.invalid || options.disabledReason);
  const { onSubmit } = options;
  const handleSubmit = useCallback(
    async (event?: FormEvent) => {
      event?.preventDefault();
      event?.stopPropagation();
      if (blocked) {
        return;
      }
      setPending(true);
      setFailure(undefined);
      try {
        await onSubmit();
      } catch (e) {
        if (mounted.current) {
          setFailure(errorMessage(e));
        }
      } finally {
        if (mounted.current) {
          setPending(false);
        }
      }
    },
    [blocked, onSubmit],
  );
  const reset = useCallback(() => setFailure(undefined), []);
  return {
    busy,
    blocked,
    error: failure ?? options.error,
    handleSubmit,
    reset,
  };
}
