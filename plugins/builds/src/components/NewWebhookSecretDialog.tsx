import { CopyTextButton } from '@backstage/core-components';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';

/**
 * A new webhook secret, shown this once (after a config's creation or a rotation): the secret
 * with a copy button and the warning that it will not be shown again.
 */
export function NewWebhookSecretDialog(props: {
  /** The new secret; the dialog is open while it is set. */
  secret?: string;
  /** What made it: "created" or "rotated". */
  reason: 'created' | 'rotated';
  onClose: () => void;
}) {
  return (
    <Dialog
      open={Boolean(props.secret)}
      onClose={props.onClose}
      maxWidth="sm"
      fullWidth
      data-testid="new-webhook-secret-dialog"
    >
      <DialogTitle>
        {props.reason === 'created'
          ? 'Build config created: its webhook secret'
          : 'New webhook secret'}
      </DialogTitle>
      <DialogContent>
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          Copy it now: you won't see it again. Cellport keeps it encrypted and
          never shows it after this dialog closes; if it is lost, rotate it and
          set the new one on your git hosting.
        </Alert>
        <Typography variant="subtitle2">Secret</Typography>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <code
            data-testid="new-webhook-secret"
            style={{ wordBreak: 'break-all', fontSize: '0.95rem' }}
          >
            {props.secret}
          </code>
          <CopyTextButton
            text={props.secret ?? ''}
            tooltipText="Secret copied"
          />
        </div>
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ marginTop: 16 }}
        >
          GitLab takes it as the webhook's "Secret token"; GitHub and Gitea as
          the webhook's secret (HMAC-SHA256 of each delivery). The Webhooks tab
          lists the URL of each platform.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button
          color="primary"
          variant="contained"
          onClick={props.onClose}
          data-testid="new-webhook-secret-done"
        >
          I have copied it
        </Button>
      </DialogActions>
    </Dialog>
  );
}
