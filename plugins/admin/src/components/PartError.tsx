/** A source of the admin view that failed: which one, and the server's message as sent. */
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '@cellport/plugin-access-react';

/** Shows why `source` could not be read; nothing when there is no error. */
export function PartError(props: { source: string; error?: unknown }) {
  if (!props.error) return null;
  return (
    <Alert severity="error" data-testid="admin-part-error" style={{ marginBottom: 8 }}>
      {props.source}: {errorMessage(props.error)}
    </Alert>
  );
}
