import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
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
import { MembersPanel } from '@cellport/plugin-access-react';
import type { ImageTag } from '@cellport/plugin-registry-common';
import { Button, Chip, Grid, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { registryApiRef } from '../api';
import { RepositoryActivity } from './RepositoryActivity';
import { RepositorySettings } from './RepositorySettings';

function formatSize(bytes: number) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** The pull command of one tag. */
export function pullCommand(host: string, repository: string, tag: string) {
  return `docker pull ${host}/${repository}:${tag}`;
}

/** One repository: its tags with pull commands, activity, members and settings. */
export function RepositoryPage() {
  const { group, name } = useParams();
  const repository = `${group}/${name}`;
  const api = useApi(registryApiRef);
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const state = useAsyncRetry(async () => {
    const [repo, tags] = await Promise.all([
      api.getRepository(repository),
      api.listTags(repository),
    ]);
    return { repo, tags };
  }, [api, repository]);

  if (state.loading && !state.value) {
    return <Progress />;
  }
  if (state.error || !state.value) {
    return (
      <Content>
        <ErrorPanel error={state.error ?? new Error('not found')} />
      </Content>
    );
  }
  const { repo, tags } = state.value;
  const canDelete = Boolean(repo.allowed?.tagDelete);

  const columns: TableColumn<ImageTag>[] = [
    { title: 'Tag', field: 'tag' },
    {
      title: 'Digest',
      field: 'digest',
      render: t => (
        <Typography variant="caption" style={{ fontFamily: 'monospace' }}>
          {t.digest.slice(0, 19)}
        </Typography>
      ),
    },
    { title: 'Size', field: 'size', render: t => formatSize(t.size) },
    {
      title: 'Pushed',
      field: 'pushedAt',
      render: t =>
        t.pushedAt ? new Date(t.pushedAt).toLocaleString() : t.created ?? '—',
    },
    { title: 'Pusher', field: 'pusher', render: t => t.pusher ?? '—' },
    {
      title: 'Pull command',
      field: 'tag',
      render: t => {
        const command = pullCommand(repo.registryHost, repo.name, t.tag);
        return (
          <span data-testid={`pull-${t.tag}`}>
            <code>{command}</code>
            <CopyTextButton text={command} tooltipText="Pull command copied" />
          </span>
        );
      },
    },
    {
      title: '',
      field: 'tag',
      render: t =>
        canDelete ? (
          <Button
            size="small"
            color="secondary"
            data-testid={`delete-tag-${t.tag}`}
            onClick={async () => {
              setError(undefined);
              try {
                await api.deleteTag(repo.name, t.tag);
                state.retry();
              } catch (e) {
                setError((e as Error).message);
              }
            }}
          >
            Delete
          </Button>
        ) : null,
    },
  ];

  return (
    <Content>
      <ContentHeader title={repo.name}>
        <Link to="..">All repositories</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Chip
            size="small"
            label={repo.visibility}
            data-testid="repo-visibility-chip"
          />{' '}
          <Typography variant="body2" component="span">
            {repo.description} · {repo.pullCount} pulls · pull with{' '}
            <code>
              docker pull {repo.registryHost}/{repo.name}:&lt;tag&gt;
            </code>
          </Typography>
        </Grid>
        {error && (
          <Grid item xs={12}>
            <Alert severity="error">{error}</Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <Table
            title="Tags"
            options={{ paging: false, search: false }}
            columns={columns}
            data={tags.items}
            emptyContent={
              <Typography style={{ padding: 16 }} data-testid="no-tags">
                No tags yet: push with{' '}
                <code>
                  docker push {repo.registryHost}/{repo.name}:&lt;tag&gt;
                </code>
              </Typography>
            }
          />
        </Grid>
        <Grid item xs={12}>
          <RepositoryActivity
            name={repo.name}
            pullCount={repo.pullCount}
            refresh={state.value}
          />
        </Grid>
        <Grid item xs={12} md={8}>
          <MembersPanel
            kind="image-repository"
            name={repo.name}
            basePath={`/repositories/${repo.name}`}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <RepositorySettings
            repo={repo}
            onChanged={state.retry}
            onDeleted={() => navigate('..')}
          />
        </Grid>
      </Grid>
    </Content>
  );
}
