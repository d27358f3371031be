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
import { useApi } from '@backstage/core-plugin-api';
import type {
  ImageGroup,
  ImageRepository,
} from '@cellport/plugin-registry-common';
import { Chip, Grid, TextField } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fetchAllPages } from '@cellport/common';
import { errorMessage, InlineForm } from '@cellport/plugin-access-react';
import { registryApiRef, RegistryVisibility } from '../api';
import { ShowMore } from './ShowMore';
import { usePages } from './usePages';

function VisibilityChip({ visibility }: { visibility: RegistryVisibility }) {
  return (
    <Chip
      size="small"
      label={visibility}
      color={visibility === 'public' ? 'primary' : 'default'}
    />
  );
}

const groupColumns: TableColumn<ImageGroup>[] = [
  {
    title: 'Group',
    field: 'name',
    render: g => (
      <Link
        to={`groups/${encodeURIComponent(g.name)}`}
        data-testid={`group-link-${g.name}`}
        style={{ whiteSpace: 'nowrap' }}
      >
        {g.name}
      </Link>
    ),
  },
  {
    title: 'Visibility',
    field: 'visibility',
    render: g => <VisibilityChip visibility={g.visibility} />,
  },
  { title: 'Repositories', field: 'repositoryCount' },
  { title: 'Description', field: 'description' },
];

const repositoryColumnsWith = (
  testIdPrefix: string,
): TableColumn<ImageRepository>[] => [
  {
    title: 'Repository',
    field: 'name',
    render: r => (
      <Link
        to={`repositories/${r.name}`}
        data-testid={`${testIdPrefix}${r.name}`}
        style={{ whiteSpace: 'nowrap' }}
      >
        {r.name}
      </Link>
    ),
  },
  {
    title: 'Visibility',
    field: 'visibility',
    render: r => <VisibilityChip visibility={r.visibility} />,
  },
  { title: 'Pulls', field: 'pullCount' },
  { title: 'Description', field: 'description' },
];
const repositoryColumns = repositoryColumnsWith('repo-link-');
const publicColumns = repositoryColumnsWith('public-repo-link-');

/** Whether a group or repository matches the search text (name or description). */
export function matchesSearch(
  item: { name: string; description?: string },
  query: string,
): boolean {
  const q = query.trim().toLocaleLowerCase();
  return (
    !q ||
    item.name.toLocaleLowerCase().includes(q) ||
    (item.description ?? '').toLocaleLowerCase().includes(q)
  );
}

function CreateForms(props: { groups: ImageGroup[]; onCreated: () => void }) {
  const api = useApi(registryApiRef);
  const [groupName, setGroupName] = useState('');
  const [groupVisibility, setGroupVisibility] =
    useState<RegistryVisibility>('private');
  const [repoGroup, setRepoGroup] = useState('');
  const [repoName, setRepoName] = useState('');
  const [repoVisibility, setRepoVisibility] = useState<
    RegistryVisibility | 'inherit'
  >('inherit');

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InlineForm
          title="Create an image group"
          submitLabel="Create group"
          invalid={!groupName}
          errorTestId="registry-error"
          submitTestId="create-group"
          onSubmit={async () => {
            await api.createGroup({
              name: groupName,
              visibility: groupVisibility,
            });
            setRepoGroup(groupName);
            setGroupName('');
            props.onCreated();
          }}
        >
          <TextField
            label="Group name"
            value={groupName}
            onChange={e => setGroupName(e.target.value)}
            inputProps={{ 'data-testid': 'group-name' }}
            margin="dense"
          />
          <TextField
            select
            label="Visibility"
            value={groupVisibility}
            onChange={e =>
              setGroupVisibility(e.target.value as RegistryVisibility)
            }
            SelectProps={{ native: true }}
            inputProps={{ 'data-testid': 'group-visibility' }}
            margin="dense"
          >
            <option value="private">private</option>
            <option value="public">public</option>
          </TextField>
        </InlineForm>
      </Grid>
      <Grid item xs={12} md={6}>
        <InlineForm
          title="Create a repository"
          submitLabel="Create repository"
          invalid={!repoGroup || !repoName}
          errorTestId="repository-error"
          submitTestId="create-repository"
          onSubmit={async () => {
            await api.createRepository(repoGroup, {
              name: repoName,
              visibility: repoVisibility === 'inherit' ? null : repoVisibility,
            });
            setRepoName('');
            props.onCreated();
          }}
        >
          <TextField
            select
            label="Group"
            value={repoGroup}
            onChange={e => setRepoGroup(e.target.value)}
            SelectProps={{ native: true }}
            inputProps={{ 'data-testid': 'repo-group' }}
            margin="dense"
            style={{ minWidth: 140 }}
          >
            <option value="" />
            {props.groups.map(g => (
              <option key={g.name} value={g.name}>
                {g.name}
              </option>
            ))}
          </TextField>
          <TextField
            label="Repository name"
            value={repoName}
            onChange={e => setRepoName(e.target.value)}
            inputProps={{ 'data-testid': 'repo-name' }}
            margin="dense"
          />
          <TextField
            select
            label="Visibility"
            value={repoVisibility}
            onChange={e =>
              setRepoVisibility(
                e.target.value as RegistryVisibility | 'inherit',
              )
            }
            SelectProps={{ native: true }}
            inputProps={{ 'data-testid': 'repo-visibility' }}
            margin="dense"
          >
            <option value="inherit">as the group</option>
            <option value="private">private</option>
            <option value="public">public</option>
          </TextField>
        </InlineForm>
      </Grid>
    </Grid>
  );
}

/** What a search over the pages read so far says when the server has more. */
function searchCaption(query: string, hasMore: boolean, what: string) {
  return query.trim() && hasMore
    ? `Searching the ${what} shown; show more to search further`
    : undefined;
}

/** Groups and repositories the user may see (a page at a time), with the create forms. */
export function RegistryHome() {
  const api = useApi(registryApiRef);
  const [query, setQuery] = useState('');
  const groups = usePages(cursor => api.listGroups({ cursor }), [api]);
  const repositories = usePages(cursor => api.listRepositories({ cursor }), [api]);
  // the create form picks from every group, not only the pages shown
  const allGroups = useAsyncRetry(
    () => fetchAllPages(cursor => api.listGroups({ cursor, limit: 500 })),
    [api],
  );
  const error = groups.error ?? repositories.error ?? allGroups.error;
  const loaded = groups.first && repositories.first;
  const onCreated = () => {
    groups.reload();
    repositories.reload();
    allGroups.retry();
  };

  return (
    <Content>
      <ContentHeader title="Image groups and repositories">
        <Link to="credentials" data-testid="credentials-link">
          Credentials and login lines
        </Link>
      </ContentHeader>
      {!loaded && !error && <Progress />}
      {error && (
        <ResponseErrorPanel
          error={error}
          title={`The registry is not available (${errorMessage(
            error,
          )}); the rest of the portal still works`}
        />
      )}
      {loaded && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <CreateForms groups={allGroups.value ?? []} onCreated={onCreated} />
          </Grid>
          <Grid item xs={12}>
            <TextField
              label="Search groups and repositories"
              value={query}
              onChange={e => setQuery(e.target.value)}
              inputProps={{ 'data-testid': 'registry-search' }}
              fullWidth
            />
          </Grid>
          <Grid item xs={12}>
            <Table
              title="Image groups"
              subtitle={searchCaption(query, groups.hasMore, 'groups')}
              options={{ paging: false, search: false }}
              columns={groupColumns}
              data={groups.items.filter(g => matchesSearch(g, query))}
            />
            <ShowMore pages={groups} what="groups" testId="groups-show-more" />
          </Grid>
          <Grid item xs={12}>
            <Table
              title="Repositories"
              subtitle={
                searchCaption(query, repositories.hasMore, 'repositories') ??
                `Registry: ${repositories.first!.registryHost}`
              }
              options={{ paging: false, search: false }}
              columns={repositoryColumns}
              data={repositories.items.filter(r => matchesSearch(r, query))}
            />
            <ShowMore
              pages={repositories}
              what="repositories"
              testId="repositories-show-more"
            />
          </Grid>
          <Grid item xs={12}>
            <Table
              title="Public repositories"
              subtitle={
                repositories.hasMore
                  ? 'Anyone can pull these; of the repositories shown above'
                  : 'Anyone can pull these'
              }
              options={{ paging: false, search: false }}
              columns={publicColumns}
              data={repositories.items.filter(
                r => r.visibility === 'public' && matchesSearch(r, query),
              )}
            />
          </Grid>
        </Grid>
      )}
    </Content>
  );
}
