import { useState } from 'react';
import {
  Content,
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/core-plugin-api';
import {
  errorMessage,
  InlineForm,
  RelativeTime,
} from '@cellport/plugin-access-react';
import type {
  CreatedPersonalAccessToken,
  PersonalAccessToken,
} from '@cellport/plugin-registry-common';
import { Button, Grid, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { registryApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { CommandLine } from './CommandLine';
import { LoginInstructions } from './LoginInstructions';
import { useAction } from './useAction';
import { registryUsername } from './loginCommands';
import { ShowMore } from './ShowMore';
import { usePages } from './usePages';

/** Personal access tokens for `docker login`: create (shown once), list, revoke. */
export function CredentialsPage() {
  const api = useApi(registryApiRef);
  const identityApi = useApi(identityApiRef);
  const registryRoot = useRouteRef(rootRouteRef)();
  const state = usePages(cursor => api.listTokens({ cursor }), [api]);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const [name, setName] = useState('');
  const [days, setDays] = useState('30');
  const [created, setCreated] = useState<
    CreatedPersonalAccessToken & { registryHost: string }
  >();
  const { error, run } = useAction(state.reload);

  const columns: TableColumn<PersonalAccessToken>[] = [
    { title: 'Name', field: 'name' },
    {
      title: 'Created',
      field: 'createdAt',
      render: t => <RelativeTime value={t.createdAt} />,
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: t => <RelativeTime value={t.expiresAt} />,
    },
    {
      title: 'Last used',
      field: 'lastUsedAt',
      render: t => <RelativeTime value={t.lastUsedAt} empty="never" />,
    },
    {
      title: 'Status',
      field: 'revokedAt',
      render: t =>
        t.revokedAt ? (
          <span>
            revoked <RelativeTime value={t.revokedAt} />
          </span>
        ) : (
          'active'
        ),
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
        <Link to={registryRoot}>Repositories</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        {error && (
          <Grid item xs={12}>
            <Alert severity="error" data-testid="credentials-error">
              {error}
            </Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <InlineForm
            title="Create a personal access token"
            submitLabel="Create token"
            invalid={!name}
            errorTestId="token-error"
            submitTestId="create-token"
            onSubmit={async () => {
              setCreated(
                await api.createToken({
                  name,
                  expiresInDays: Number(days) || 30,
                }),
              );
              setName('');
              state.reload();
            }}
          >
            <TextField
              label="Token name"
              value={name}
              onChange={e => setName(e.target.value)}
              inputProps={{ 'data-testid': 'token-name' }}
              margin="dense"
            />
            <TextField
              label="Expires in (days)"
              type="number"
              value={days}
              onChange={e => setDays(e.target.value)}
              inputProps={{ 'data-testid': 'token-days', min: 1 }}
              margin="dense"
            />
          </InlineForm>
        </Grid>
        {created && (
          <Grid item xs={12}>
            <Alert severity="success" data-testid="created-token">
              <Typography variant="body2">
                Token <b>{created.name}</b>: copy it now, it is not shown again.
              </Typography>
              <CommandLine
                command={created.token}
                testId="token-secret"
                tooltipText="Token copied"
              />
              <Typography variant="body2">
                Log in with one of the lines below, as <b>{created.username}</b>{' '}
                with this token as the password.
              </Typography>
            </Alert>
          </Grid>
        )}
        {state.first && identity.value && (
          <Grid item xs={12}>
            <LoginInstructions
              host={state.first.registryHost}
              username={
                created?.username ??
                registryUsername(identity.value.userEntityRef)
              }
            />
          </Grid>
        )}
        <Grid item xs={12}>
          {state.loading && !state.first && <Progress />}
          {state.error && (
            <ResponseErrorPanel
              error={state.error}
              title={`Tokens could not be loaded: ${errorMessage(state.error)}`}
            />
          )}
          {state.first && (
            <>
              <Table
                title="Personal access tokens"
                subtitle={`docker login ${state.first.registryHost} with your user name and a token`}
                options={{ paging: false, search: false }}
                columns={columns}
                data={state.items}
              />
              <ShowMore pages={state} what="tokens" testId="tokens-show-more" />
            </>
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
