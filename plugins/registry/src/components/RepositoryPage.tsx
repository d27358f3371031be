import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  errorMessage,
  MembersPanel,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import type { ImageTag } from '@cellport/plugin-registry-common';
import {
  Chip,
  Grid,
  IconButton,
  Tooltip,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { registryApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { CommandLine } from './CommandLine';
import { LoadError } from './LoadError';
import { ShowMore } from './ShowMore';
import { usePages } from './usePages';
import { RepositoryActivity } from './RepositoryActivity';
import { RepositorySettings } from './RepositorySettings';
import { pullsText } from './pullsText';

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

/** A digest as docker shows it: the first 12 hex digits (`sha256:` dropped). */
export function shortDigest(digest: string) {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
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
  const registryRoot = useRouteRef(rootRouteRef)();
  const [error, setError] = useState<string>();
  const state = useAsyncRetry(async () => {
    const repo = await api.getRepository(repository);
    return { repo };
  }, [api, repository]);
  const tags = usePages(
    cursor => api.listTags(repository, { cursor, limit: 100 }),
    [api, repository],
  );

  if ((state.loading && !state.value) || (!tags.first && !tags.error)) {
    return <Progress />;
  }
  const loadError = state.error ?? tags.error;
  if (loadError || !state.value) {
    return (
      <LoadError
        error={loadError ?? new Error('no answer')}
        what={`Image repository '${repository}'`}
        backTo={registryRoot}
        backLabel="All repositories"
      />
    );
  }
  const { repo } = state.value;
  const canDelete = Boolean(repo.allowed?.tagDelete);

  const columns: TableColumn<ImageTag>[] = [
    {
      title: 'Tag',
      field: 'tag',
      render: t => <span style={{ whiteSpace: 'nowrap' }}>{t.tag}</span>,
    },
    {
      title: 'Digest',
      field: 'digest',
      render: t => (
        <Typography
          variant="caption"
          title={t.digest}
          style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}
        >
          {shortDigest(t.digest)}
        </Typography>
      ),
    },
    {
      title: 'Size',
      field: 'size',
      render: t => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatSize(t.size)}</span>
      ),
    },
    {
      title: 'Pushed',
      field: 'pushedAt',
      render: t => (
        <>
          <RelativeTime value={t.pushedAt ?? t.created} />
          {t.pusher && (
            <div>
              <UserDisplay entityRef={t.pusher} />
            </div>
          )}
        </>
      ),
    },
    {
      title: 'Pull command',
      field: 'tag',
      render: t => (
        <CommandLine
          command={pullCommand(repo.registryHost, repo.name, t.tag)}
          testId={`pull-${t.tag}`}
          tooltipText="Pull command copied"
        />
      ),
    },
    {
      title: '',
      field: 'tag',
      render: t =>
        canDelete ? (
          <Tooltip title={`Delete tag ${t.tag}`}>
            <IconButton
              size="small"
              aria-label={`Delete tag ${t.tag}`}
              data-testid={`delete-tag-${t.tag}`}
              onClick={async () => {
                setError(undefined);
                try {
                  await api.deleteTag(repo.name, t.tag);
                  state.retry();
                  tags.reload();
                } catch (e) {
                  setError(errorMessage(e));
                }
              }}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        ) : null,
    },
  ];

  return (
    <Content>
      <ContentHeader title={repo.name}>
        <Link
          to={`${registryRoot}/groups/${encodeURIComponent(repo.group)}`}
          data-testid="group-link"
        >
          Group {repo.group}
        </Link>
        &nbsp;·&nbsp;
        <Link to={registryRoot}>All repositories</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Chip
            size="small"
            label={repo.visibility}
            data-testid="repo-visibility-chip"
          />{' '}
          <Typography variant="body2" component="span">
            {repo.description} · {pullsText(repo.pullCount)} · pull with{' '}
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
          <ShowMore pages={tags} what="tags" testId="tags-show-more" />
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
            onDeleted={() => navigate(registryRoot)}
          />
        </Grid>
      </Grid>
    </Content>
  );
}
