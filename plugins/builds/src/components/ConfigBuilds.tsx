import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { RelativeTime } from '@cellport/plugin-access-react';
import type { Build } from '@cellport/plugin-builds-common';
import { Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { buildsApiRef } from '../api';
import { rootRouteRef } from '../routes';
import {
  BuildStateChip,
  buildDuration,
  describeTrigger,
  formatDuration,
} from './shared';

/** The builds of a config, newest first, refreshed while any runs. */
export function ConfigBuilds(props: { config: string; revision?: number }) {
  const api = useApi(buildsApiRef);
  const base = useRouteRef(rootRouteRef)();
  const builds = useAsyncRetry(
    () => api.listBuilds(props.config),
    [api, props.config, props.revision],
  );
  const active = builds.value?.some(
    b => b.state === 'queued' || b.state === 'running',
  );
  useInterval(builds.retry, active ? 2000 : 10000);

  const columns: TableColumn<Build>[] = [
    {
      title: '#',
      render: b => (
        <Link
          to={`${base}/${b.config}/builds/${b.number}`}
          data-testid={`build-link-${b.number}`}
        >
          #{b.number}
        </Link>
      ),
    },
    { title: 'State', render: b => <BuildStateChip state={b.state} /> },
    {
      title: 'Commit / tag',
      render: b => (
        <>
          <code title={b.commit}>{b.commit ? b.commit.slice(0, 7) : '—'}</code>
          <Typography variant="caption" color="textSecondary" component="div">
            tag {b.tag ?? '—'}
          </Typography>
        </>
      ),
    },
    {
      title: 'Trigger',
      render: b => (
        <>
          {describeTrigger(b)}
          <Typography variant="caption" color="textSecondary" component="div">
            {b.agent ? `on ${b.agent}` : 'waiting for an agent'}
          </Typography>
        </>
      ),
    },
    {
      title: 'Started',
      render: b => (
        <>
          <RelativeTime value={b.startedAt ?? b.createdAt} />
          <Typography variant="caption" color="textSecondary" component="div">
            {formatDuration(buildDuration(b))}
          </Typography>
        </>
      ),
    },
  ];
  if (builds.error) {
    return (
      <ResponseErrorPanel
        error={builds.error}
        title={`Builds could not be loaded: ${builds.error.message}`}
      />
    );
  }
  return (
    <Table
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        toolbar: false,
      }}
      columns={columns}
      data={builds.value ?? []}
      isLoading={builds.loading && !builds.value}
      emptyContent={
        <Typography style={{ padding: 16 }}>No builds yet.</Typography>
      }
    />
  );
}
