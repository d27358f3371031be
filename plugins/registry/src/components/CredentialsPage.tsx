import { useState } from 'react';
import {
  Content,
  ContentHeader,
  CopyTextButton,
  ErrorPanel,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CreatedPersonalAccessToken,
  PersonalAccessToken,
} from '@cellport/plugin-registry-common';
import { Button, Grid, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { registryApiRef } from '../api';

/** The `docker login` line for a user name and registry host; the secret comes from stdin. */
export function dockerLoginCommand(host: string, username: string) {
  return `docker login ${host} -u ${username} --password-stdin`;
}

function formatDate(value?: string) {
  return value ? new Date(value).toLocaleString() : '—';
}

/** Personal access tokens for `docker login`: create (shown once), list, revoke. */
export function CredentialsPage() {
  const api = useApi(registryApiRef);
  const state = useAsyncRetry(() => api.listTokens(), [api]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('30');
  const [created, setCreated] = useState<
    CreatedPersonalAccessToken & { registryHost: string }
  >();
  const [error, setError] = useState<string>();

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      state.retry();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const columns: TableColumn<PersonalAccessToken>[] = [
    { title: 'Name', field: 'name' },
    { title: 'Created', field: 'createdAt', render: t => formatDate(t.createdAt) },
    { title: 'Expires', field: 'expiresAt', render: t => formatDate(t.expiresAt) },
    { title: 'Last used', field: 'lastUsedAt', render: t => formatDate(t.lastUsedAt) },
    {
      title: 'Status',
      field: 'revokedAt',
      render: t => (t.revokedAt ? `revoked ${formatDate(t.revokedAt)}` : 'active'),
    },
    {
      title: '',
      field: 'id',
      render: t =>
        t.revokedAt ? null : (
          <Button
            size="small"
            color="secondary"
            data-testid={`revoke-${t.name}`}
            onClick={() => run(() => api.revokeToken(t.id))}
          >
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <Content>
      <ContentHeader title="Registry credentials">
        <Link to="..">Repositories</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        {error && (
          <Grid item xs={12}>
            <Alert severity="error">{error}</Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <Typography variant="h6">Create a personal access token</Typography>
          <TextField
            label="Token name"
            value={name}
            onChange={e => setName(e.target.value)}
            inputProps={{ 'data-testid': 'token-name' }}
            margin="dense"
          />{' '}
          <TextField
            label="Expires in (days)"
            type="number"
            value={days}
            onChange={e => setDays(e.target.value)}
            inputProps={{ 'data-testid': 'token-days', min: 1 }}
            margin="dense"
          />{' '}
          <Button
            variant="contained"
            color="primary"
            disabled={!name}
            data-testid="create-token"
            onClick={() =>
              run(async () => {
                setCreated(
                  await api.createToken({
                    name,
                    expiresInDays: Number(days) || 30,
                  }),
                );
                setName('');
              })
            }
          >
            Create token
          </Button>
        </Grid>
        {created && (
          <Grid item xs={12}>
            <Alert severity="success" data-testid="created-token">
              <Typography variant="body2">
                Token <b>{created.name}</b>: copy it now, it is not shown again.
              </Typography>
              <code data-testid="token-secret">{created.token}</code>
              <CopyTextButton text={created.token} tooltipText="Token copied" />
              <Typography variant="body2">Log in with:</Typography>
              <code data-testid="docker-login">
                {dockerLoginCommand(created.registryHost, created.username)}
              </code>
              <CopyTextButton
                text={dockerLoginCommand(created.registryHost, created.username)}
                tooltipText="Command copied"
              />
            </Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          {state.loading && !state.value && <Progress />}
          {state.error && <ErrorPanel error={state.error} />}
          {state.value && (
            <Table
              title="Personal access tokens"
              subtitle={`docker login ${state.value.registryHost} with your user name and a token`}
              options={{ paging: false, search: false }}
              columns={columns}
              data={state.value.items}
            />
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
