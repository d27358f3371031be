import {
  CopyTextButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Card, CardContent, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { buildsApiRef } from '../api';

const TITLES: Record<string, string> = {
  gitlab: 'GitLab',
  github: 'GitHub',
  gitea: 'Gitea',
};

/** Webhook URL per platform with a setup hint, and the shared secret (Masters and Owners). */
export function WebhooksPanel(props: { config: string; allowed: boolean }) {
  const api = useApi(buildsApiRef);
  const [shown, setShown] = useState(false);
  const hooks = useAsync(
    async () => (props.allowed ? api.getWebhooks(props.config) : undefined),
    [api, props.config, props.allowed],
  );
  if (!props.allowed) {
    return (
      <Alert severity="info">
        Masters and Owners of this build config see its webhook secret.
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
      <Card variant="outlined" style={{ marginTop: 16 }}>
        <CardContent>
          <Typography variant="subtitle2">Secret</Typography>
          <code data-testid="webhook-secret">
            {shown ? hooks.value.secret : '•'.repeat(24)}
          </code>{' '}
          <Button size="small" onClick={() => setShown(s => !s)}>
            {shown ? 'Hide' : 'Show'}
          </Button>
          <CopyTextButton
            text={hooks.value.secret}
            tooltipText="Secret copied"
          />
        </CardContent>
      </Card>
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
    </div>
  );
}
