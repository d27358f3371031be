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
  errorMessage,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import { registryApiRef } from '../api';

const LABELS: Record<string, string> = {
  'image-pushed': 'Pushed',
  'tag-deleted': 'Tag deleted',
  'manifest-deleted': 'Manifest deleted',
  'repository-created': 'Repository created',
  'visibility-changed': 'Visibility changed',
  'member-added': 'Member added',
  'member-change': 'Member role changed',
  'member-changed': 'Member role changed',
  'ownership-transferred': 'Ownership transferred',
  'member-removed': 'Member removed',
};

/** The parts of {@link describeActivity}, each to be kept on one line. */
export function describeActivityParts(a: RegistryActivity): string[] {
  const d = a.details ?? {};
  const parts: string[] = [];
  for (const key of ['tag', 'member', 'role', 'visibility', 'from', 'to']) {
    if (typeof d[key] === 'string' && d[key]) {
      parts.push(`${key} ${d[key]}`);
    }
  }
  if (typeof d.digest === 'string') {
    parts.push(d.digest.slice(0, 19));
  }
  return parts;
}

/** A readable summary of an activity entry's details (tag, digest, member, role, visibility). */
export function describeActivity(a: RegistryActivity): string {
  return describeActivityParts(a).join(' · ');
}

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
      <span data-testid="activity-details">
        {describeActivityParts(a).map((part, i) => (
          <span key={i} style={{ whiteSpace: 'nowrap' }}>
            {i ? ' · ' : ''}
            {part}{' '}
          </span>
        ))}
      </span>
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
      subtitle={`${props.pullCount} pulls`}
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
