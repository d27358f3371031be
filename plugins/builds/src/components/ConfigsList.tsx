import {
  Content,
  ContentHeader,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import type {
  BuildAgentView,
  BuildConfig,
} from '@cellport/plugin-builds-common';
import { Button, Typography } from '@material-ui/core';
import { useCallback, useState } from 'react';
import { buildsApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { CreateConfigDialog } from './CreateConfigDialog';
import { ShowMoreButton } from './ShowMoreButton';
import { usePagedList } from './usePagedList';

function formatBytes(n: number) {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** The repository part of a git URL (`group/app.git`), the whole URL on hover. */
function repositoryPath(url: string): string {
  const scp = /^[^@/]+@[^:]+:(.+)$/.exec(url);
  if (scp) return scp[1];
  try {
    return new URL(url).pathname.replace(/^\/+/, '').replace(/^git\//, '');
  } catch {
    return url;
  }
}

/**
 * The build configs the user is a member of, the live build agents (each a page at a time with
 * "Show more"), and "New build config".
 */
export function ConfigsList() {
  const api = useApi(buildsApiRef);
  const base = useRouteRef(rootRouteRef)();
  const [creating, setCreating] = useState(false);
  const configs = usePagedList(
    useCallback((cursor?: string) => api.listConfigs(cursor), [api]),
  );
  const agents = usePagedList(
    useCallback((cursor?: string) => api.listAgents(cursor), [api]),
  );

  const nowrap = { whiteSpace: 'nowrap' } as const;
  const columns: TableColumn<BuildConfig>[] = [
    {
      title: 'Name',
      field: 'name',
      cellStyle: nowrap,
      render: c => (
        <Link to={`${base}/${c.name}`} data-testid={`config-link-${c.name}`}>
          {c.name}
        </Link>
      ),
    },
    {
      title: 'Repository',
      cellStyle: nowrap,
      render: c => (
        <span title={c.repositoryUrl}>{repositoryPath(c.repositoryUrl)}</span>
      ),
    },
    { title: 'Branch', field: 'branch', cellStyle: nowrap },
    { title: 'Image repository', field: 'imageRepository', cellStyle: nowrap },
    {
      title: 'Created by',
      cellStyle: nowrap,
      render: c => <UserDisplay entityRef={c.createdBy} hideAvatar />,
    },
  ];
  const agentColumns: TableColumn<BuildAgentView>[] = [
    { title: 'Agent', field: 'host' },
    { title: 'Running', render: a => `${a.running} of ${a.capacity}` },
    { title: 'Cache', render: a => formatBytes(a.cacheBytes) },
    { title: 'Up since', render: a => <RelativeTime value={a.startedAt} /> },
  ];

  return (
    <Content>
      <ContentHeader title="Build configs">
        <Button
          variant="contained"
          color="primary"
          data-testid="new-config"
          onClick={() => setCreating(true)}
        >
          New build config
        </Button>
      </ContentHeader>
      {configs.error ? (
        <ResponseErrorPanel
          error={configs.error}
          title={`Build configs could not be loaded: ${configs.error.message}`}
        />
      ) : (
        <>
          <Table
            options={{
              paging: false,
              search: false,
              padding: 'dense',
              toolbar: false,
            }}
            columns={columns}
            data={configs.items ?? []}
            isLoading={configs.loading && !configs.items}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                No build configs yet, or none you are a member of.
              </Typography>
            }
          />
          <ShowMoreButton
            list={configs}
            what="build configs"
            testId="configs-show-more"
          />
        </>
      )}
      <div style={{ marginTop: 24 }}>
        {agents.error ? (
          <ResponseErrorPanel
            error={agents.error}
            title={`Build agents: ${agents.error.message}`}
          />
        ) : (
          <>
            <Table
              title="Build agents"
              options={{ paging: false, search: false, padding: 'dense' }}
              columns={agentColumns}
              data={agents.items ?? []}
              isLoading={agents.loading && !agents.items}
              emptyContent={
                <Typography style={{ padding: 16 }}>
                  No build agent is registered: builds wait in the queue.
                </Typography>
              }
            />
            <ShowMoreButton
              list={agents}
              what="build agents"
              testId="agents-show-more"
            />
          </>
        )}
      </div>
      <CreateConfigDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          configs.retry();
        }}
      />
    </Content>
  );
}
