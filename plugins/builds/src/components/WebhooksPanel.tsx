import {
  CopyTextButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  FormDialog,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import type { WebhookSecretStatus } from '@cellport/plugin-builds-common';
import { Button, Card, CardContent, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { buildsApiRef } from '../api';
import { NewWebhookSecretDialog } from './NewWebhookSecretDialog';

const TITLES: Record<string, string> = {
  gitlab: 'GitLab',
  github: 'GitHub',
  gitea: 'Gitea',
};

/** Whether the secret is set, when and by whom, its last four characters, and Rotate. */
function SecretCard(props: {
  status: WebhookSecretStatus;
  onRotate: () => void;
}) {
  const { status } = props;
  return (
    <Card variant="outlined" style={{ marginTop: 16 }}>
      <CardContent>
        <Typography variant="subtitle2">Secret</Typography>
        <div
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            flexWrap: 'wrap',
          }}
          data-testid="webhook-secret-status"
        >
          {status.set ? (
            <Typography variant="body2" component="span">
              Set{' '}
              {status.setAt && (
                <>
                  <RelativeTime value={status.setAt} />{' '}
                </>
              )}
              {status.setBy && (
                <>
                  by <UserDisplay entityRef={status.setBy} hideAvatar />
                </>
              )}
              {status.lastFour && (
                <>
                  {' '}
                  · ends in{' '}
                  <code data-testid="webhook-secret-last-four">
                    …{status.lastFour}
                  </code>
                </>
              )}
            </Typography>
          ) : (
            <Typography variant="body2" component="span">
              No secret is set: deliveries are refused.
            </Typography>
          )}
          <Button
            size="small"
            variant="outlined"
            onClick={props.onRotate}
            data-testid="webhook-secret-rotate"
          >
            Rotate secret
          </Button>
        </div>
        <Typography variant="body2" color="textSecondary">
          The secret was shown once, when it was set. Lost it? Rotate it: the
          new secret is shown once, and deliveries signed with the old one are
          refused from then on.
        </Typography>
      </CardContent>
    </Card>
  );
}

/**
 * Webhook URL per platform with a setup hint, and the state of the shared secret with Rotate
 * (Masters and Owners). The secret itself is only shown once, right after a rotation.
 */
export function WebhooksPanel(props: { config: string; allowed: boolean }) {
  const api = useApi(buildsApiRef);
  const [confirming, setConfirming] = useState(false);
  const [newSecret, setNewSecret] = useState<string>();
  const hooks = useAsyncRetry(
    async () => (props.allowed ? api.getWebhooks(props.config) : undefined),
    [api, props.config, props.allowed],
  );
  if (!props.allowed) {
    return (
      <Alert severity="info">
        Masters and Owners of this build config see its webhooks and rotate
        their secret.
      </Alert>
    );
  }
  if (hooks.error) {
    return (
      <ResponseErrorPanel
        error={hooks.error}
        title={`Webhooks could not be loaded: ${hooks.error.message}`}
      />
    );
  }
  if (!hooks.value) return <Progress />;
  return (
    <div data-testid="webhooks">
      <SecretCard
        status={hooks.value.secret}
        onRotate={() => setConfirming(true)}
      />
      {hooks.value.endpoints.map(e => (
        <Card variant="outlined" style={{ marginTop: 16 }} key={e.platform}>
          <CardContent>
            <Typography variant="subtitle2">{TITLES[e.platform]}</Typography>
            <div
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                flexWrap: 'wrap',
              }}
            >
              <code
                style={{
                  whiteSpace: 'nowrap',
                  overflowX: 'auto',
                  maxWidth: '100%',
                }}
                data-testid={`webhook-url-${e.platform}`}
              >
                {e.url}
              </code>
              <CopyTextButton text={e.url} tooltipText="URL copied" />
            </div>
            <Typography variant="body2" color="textSecondary">
              {e.hint}
            </Typography>
          </CardContent>
        </Card>
      ))}
      <FormDialog
        open={confirming}
        title="Rotate the webhook secret?"
        submitLabel="Rotate"
        destructive
        onClose={() => setConfirming(false)}
        onSubmit={async () => {
          const rotated = await api.rotateWebhookSecret(props.config);
          setConfirming(false);
          setNewSecret(rotated.secret);
          hooks.retry();
        }}
        errorTestId="webhook-rotate-error"
        submitTestId="webhook-rotate-confirm"
      >
        <Typography variant="body2">
          A new secret replaces the current one right away: pushes signed with
          the current secret are refused until you set the new one on your git
          hosting. The new secret is shown once.
        </Typography>
      </FormDialog>
      <NewWebhookSecretDialog
        secret={newSecret}
        reason="rotated"
        onClose={() => setNewSecret(undefined)}
      />
    </div>
  );
}
