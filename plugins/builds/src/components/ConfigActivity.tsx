import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ActivityEntry } from '@cellport/plugin-access-common';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import useAsync from 'react-use/esm/useAsync';
import { buildsApiRef } from '../api';

/** A readable summary of an activity entry's details. */
export function describeDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of [
    'build',
    'platform',
    'agent',
    'tag',
    'reason',
    'member',
    'role',
  ]) {
    const v = details[key];
    if (v !== undefined && v !== null && v !== '')
      parts.push(`${key} ${key === 'build' ? `#${v}` : v}`);
  }
  if (typeof details.digest === 'string')
    parts.push(details.digest.slice(0, 19));
  return parts.join(' · ');
}

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
      render: a => describeDetails(a.details),
      cellStyle: { wordBreak: 'break-word' },
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
