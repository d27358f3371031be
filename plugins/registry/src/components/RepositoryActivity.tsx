import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { RegistryActivity } from '@cellport/plugin-registry-common';
import { Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import {
  ActivityDetails,
  errorMessage,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import { registryApiRef } from '../api';
import { REGISTRY_DETAIL_KEYS } from './activityDetails';
import { pullsText } from './pullsText';

const LABELS: Record<string, string> = {
  'image-pushed': 'Pushed',
  'tag-deleted': 'Tag deleted',
  'manifest-deleted': 'Manifest deleted',
  'repository-created': 'Repository created',
  'visibility-changed': 'Visibility changed',
  'member-added': 'Member added',
  'member-change': 'Member role changed',
  'member-changed': 'Member role changed',
  'member-role-changed': 'Member role changed',
  'group-created': 'Group created',
  'repository-deleted': 'Repository deleted',
  'robot-created': 'Robot account created',
  'robot-deleted': 'Robot account deleted',
  'ownership-transferred': 'Ownership transferred',
  'member-removed': 'Member removed',
};

const columns: TableColumn<RegistryActivity>[] = [
  {
    title: 'When',
    field: 'createdAt',
    render: a => <RelativeTime value={a.createdAt} />,
  },
  {
    title: 'What',
    field: 'action',
    render: a => (
      <span data-testid={`activity-${a.action}`}>
        {LABELS[a.action] ?? a.action}
      </span>
    ),
  },
  { title: 'Who', field: 'actor', render: a => <UserDisplay entityRef={a.actor} /> },
  {
    title: 'Details',
    field: 'details',
    render: a => (
      <ActivityDetails details={a.details} keys={REGISTRY_DETAIL_KEYS} />
    ),
  },
];

/** The repository's activity: pushes, deletes, member and visibility changes; pulls counted. */
export function RepositoryActivity(props: {
  name: string;
  pullCount: number;
  /** Changes when the caller wants a reload. */
  refresh?: unknown;
}) {
  const api = useApi(registryApiRef);
  const { name, refresh } = props;
  const state = useAsync(() => api.listActivity(name), [api, name, refresh]);
  if (state.loading) {
    return <Progress />;
  }
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title={`Activity is not available: ${errorMessage(state.error)}`}
      />
    );
  }
  return (
    <Table
      title="Activity"
      subtitle={pullsText(props.pullCount)}
      options={{ paging: false, search: false }}
      columns={columns}
      data={state.value ?? []}
      emptyContent={
        <Typography style={{ padding: 16 }} data-testid="no-activity">
          No activity yet.
        </Typography>
      }
    />
  );
}
