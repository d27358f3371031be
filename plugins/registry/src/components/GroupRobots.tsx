import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  errorMessage,
  InlineForm,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import type {
  CreatedRobotAccount,
  RegistryAction,
  RobotAccount,
} from '@cellport/plugin-registry-common';
import { fetchAllPages } from '@cellport/common';
import {
  Button,
  Checkbox,
  FormControlLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { registryApiRef } from '../api';
import { CommandLine } from './CommandLine';
import { ShowMore } from './ShowMore';
import { usePages } from './usePages';
import { useAction } from './useAction';

/** A robot's scopes in words: `app: pull, push · *: pull`. */
export function describeScopes(robot: Pick<RobotAccount, 'scopes'>): string {
  return robot.scopes
    .map(
      s =>
        `${
          s.repository === '*' ? 'every repository' : s.repository
        }: ${s.actions.join(', ')}`,
    )
    .join(' · ');
}

/**
 * The robot accounts of an image group (Master): machine users for builds and pull secrets.
 * Create one (its secret is shown once) or delete it.
 */
export function GroupRobots(props: { group: string }) {
  const { group } = props;
  const api = useApi(registryApiRef);
  const state = usePages(cursor => api.listRobots(group, { cursor }), [api, group]);
  // the scope picker offers every repository of the group, not only a page
  const repositories = useAsync(
    () => fetchAllPages(cursor => api.listGroupRepositories(group, { cursor, limit: 500 })),
    [api, group],
  );
  const [name, setName] = useState('');
  const [repository, setRepository] = useState('*');
  const [actions, setActions] = useState<RegistryAction[]>(['pull']);
  const [created, setCreated] = useState<CreatedRobotAccount>();
  const { busy, error, run } = useAction(state.reload);
  const toggle = (action: RegistryAction) =>
    setActions(current =>
      current.includes(action)
        ? current.filter(a => a !== action)
        : [...current, action],
    );

  const columns: TableColumn<RobotAccount>[] = [
    {
      title: 'Robot',
      field: 'name',
      render: r => <span style={{ whiteSpace: 'nowrap' }}>{r.name}</span>,
    },
    {
      title: 'User name',
      field: 'username',
      render: r => <code style={{ whiteSpace: 'nowrap' }}>{r.username}</code>,
    },
    {
      title: 'May',
      field: 'scopes',
      render: r =>
        describeScopes(r)
          .split(' · ')
          .map(scope => (
            <div key={scope} style={{ whiteSpace: 'nowrap' }}>
              {scope}
            </div>
          )),
    },
    {
      title: 'Created by',
      field: 'createdBy',
      render: r => <UserDisplay entityRef={r.createdBy} />,
    },
    {
      title: 'Created',
      field: 'createdAt',
      render: r => <RelativeTime value={r.createdAt} />,
    },
    {
      title: '',
      field: 'name',
      render: r => (
        <Button
          size="small"
          color="secondary"
          disabled={busy}
          data-testid={`delete-robot-${r.name}`}
          onClick={() => run(() => api.deleteRobot(group, r.name))}
        >
          Delete
        </Button>
      ),
    },
  ];

  return (
    <InfoCard title="Robot accounts">
      {error && (
        <Alert severity="error" data-testid="delete-robot-error">
          {error}
        </Alert>
      )}
      <InlineForm
        submitLabel="Create robot"
        invalid={!name || actions.length === 0}
        errorTestId="robot-error"
        submitTestId="create-robot"
        onSubmit={async () => {
          setCreated(
            await api.createRobot(group, {
              name,
              scopes: [{ repository, actions }],
            }),
          );
          setName('');
          state.reload();
        }}
      >
        <TextField
          label="Robot name"
          value={name}
          onChange={e => setName(e.target.value)}
          inputProps={{ 'data-testid': 'robot-name' }}
          margin="dense"
        />
        <TextField
          select
          label="Repository"
          value={repository}
          onChange={e => setRepository(e.target.value)}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'robot-repository' }}
          margin="dense"
        >
          <option value="*">every repository</option>
          {(repositories.value ?? []).map(r => (
            <option key={r.name} value={r.name.slice(group.length + 1)}>
              {r.name}
            </option>
          ))}
        </TextField>
        {(['pull', 'push'] as const).map(action => (
          <FormControlLabel
            key={action}
            label={action}
            control={
              <Checkbox
                checked={actions.includes(action)}
                onChange={() => toggle(action)}
                inputProps={{ 'aria-label': `robot may ${action}` }}
              />
            }
          />
        ))}
      </InlineForm>
      {created && (
        <Alert severity="success" data-testid="created-robot">
          <Typography variant="body2">
            Robot <b>{created.username}</b>: copy its secret now, it is not
            shown again.
          </Typography>
          <CommandLine
            command={created.secret}
            testId="robot-secret"
            tooltipText="Secret copied"
          />
        </Alert>
      )}
      {state.loading && !state.first && <Progress />}
      {state.error && (
        <ResponseErrorPanel
          error={state.error}
          title={`Robots could not be loaded: ${errorMessage(state.error)}`}
        />
      )}
      {repositories.error && (
        <ResponseErrorPanel
          error={repositories.error}
          title={`The group's repositories could not be loaded: ${errorMessage(repositories.error)}`}
        />
      )}
      {state.first && (
        <>
          <Table
            options={{ paging: false, search: false, toolbar: false }}
            columns={columns}
            data={state.items}
            emptyContent={
              <Typography style={{ padding: 16 }}>No robots yet.</Typography>
            }
          />
          <ShowMore pages={state} what="robots" testId="robots-show-more" />
        </>
      )}
    </InfoCard>
  );
}
