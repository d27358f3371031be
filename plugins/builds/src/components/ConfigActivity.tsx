import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ActivityEntry } from '@cellport/plugin-access-common';
import {
  ActivityDetailKey,
  ActivityDetails,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import useAsync from 'react-use/esm/useAsync';
import { buildsApiRef } from '../api';

/** The builds plugin's own activity details (people and roles are the access library's). */
export const BUILD_DETAIL_KEYS: ActivityDetailKey[] = [
  { key: 'build', format: v => `#${v}` },
  { key: 'platform' },
  { key: 'agent', monospace: true },
  { key: 'tag', monospace: true },
  { key: 'reason', wrap: true },
  { key: 'digest', label: '', monospace: true, format: d => d.slice(0, 19) },
];

/** The config's activity: builds, webhooks (ignored ones with the reason), member changes. */
export function ConfigActivity(props: { config: string }) {
  const api = useApi(buildsApiRef);
  const activity = useAsync(
    () => api.listActivity(props.config),
    [api, props.config],
  );
  const columns: TableColumn<ActivityEntry>[] = [
    { title: 'When', render: a => <RelativeTime value={a.createdAt} /> },
    { title: 'What', field: 'action' },
    {
      title: 'Who',
      render: a => <UserDisplay entityRef={a.actor} hideAvatar />,
    },
    {
      title: 'Details',
      render: a => (
        <ActivityDetails details={a.details} keys={BUILD_DETAIL_KEYS} />
      ),
    },
  ];
  if (activity.error) {
    return (
      <ResponseErrorPanel
        error={activity.error}
        title={`Activity could not be loaded: ${activity.error.message}`}
      />
    );
  }
  return (
    <Table
      options={{
        paging: true,
        pageSize: 20,
        search: false,
        padding: 'dense',
        toolbar: false,
      }}
      columns={columns}
      data={activity.value ?? []}
      isLoading={activity.loading}
    />
  );
}
