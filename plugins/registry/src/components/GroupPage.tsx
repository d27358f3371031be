import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  commonAccessPermissions,
  ROLE_TITLES,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';
import {
  InlineForm,
  MembersPanel,
  RelativeTime,
  UserDisplay,
} from '@cellport/plugin-access-react';
import type {
  ImageGroup,
  ImageRepository,
} from '@cellport/plugin-registry-common';
import { Box, Chip, Grid, TextField, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { registryApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { GroupRobots } from './GroupRobots';
import { LoadError } from './LoadError';
import { ShowMore } from './ShowMore';
import { usePages } from './usePages';

function DeleteGroup(props: { group: ImageGroup; onDeleted: () => void }) {
  const api = useApi(registryApiRef);
  const [confirm, setConfirm] = useState('');
  const { name } = props.group;
  return (
    <InfoCard title="Delete this group">
      <Typography variant="body2">
        Deleting removes the group, every repository in it and all their images. Type{' '}
        <code>{name}</code> to confirm.
      </Typography>
      <InlineForm
        submitLabel="Delete group"
        destructive
        invalid={confirm !== name}
        errorTestId="delete-group-error"
        submitTestId="delete-group"
        onSubmit={async () => {
          await api.deleteGroup(name);
          props.onDeleted();
        }}
      >
        <TextField
          value={confirm}
          onChange={e => setConfirm(e.target.value)}
          inputProps={{ 'data-testid': 'delete-group-confirm', 'aria-label': 'Group name to confirm' }}
          margin="dense"
        />
      </InlineForm>
    </InfoCard>
  );
}

/** One image group: its repositories, members, robot accounts, and deletion. */
export function GroupPage() {
  const { group: groupName = '' } = useParams();
  const api = useApi(registryApiRef);
  const navigate = useNavigate();
  const registryRoot = useRouteRef(rootRouteRef)();
  const resourceRef = stringifyResourceRef({ kind: 'image-group', name: groupName });
  const canManage = usePermission({
    permission: commonAccessPermissions['image-group'].membersManage,
    resourceRef,
  });
  const canDelete = usePermission({
    permission: commonAccessPermissions['image-group'].delete,
    resourceRef,
  });
  const state = useAsyncRetry(() => api.getGroup(groupName), [api, groupName]);
  const repositories = usePages(
    cursor => api.listGroupRepositories(groupName, { cursor }),
    [api, groupName],
  );

  if ((state.loading && !state.value) || (repositories.loading && !repositories.first && !repositories.error)) {
    return <Progress />;
  }
  const loadError = state.error ?? repositories.error;
  if (loadError || !state.value) {
    return (
      <LoadError
        error={loadError ?? new Error('no answer')}
        what={`Image group '${groupName}'`}
        backTo={registryRoot}
        backLabel="All groups"
      />
    );
  }
  const group = state.value;
  const columns: TableColumn<ImageRepository>[] = [
    {
      title: 'Repository',
      field: 'name',
      render: r => (
        <Link
          to={`${registryRoot}/repositories/${r.name}`}
          data-testid={`group-repo-link-${r.name}`}
          style={{ whiteSpace: 'nowrap' }}
        >
          {r.name}
        </Link>
      ),
    },
    {
      title: 'Visibility',
      field: 'visibility',
      render: r => (
        <Chip
          size="small"
          label={r.visibilityOverride ? r.visibility : `${r.visibility} (as the group)`}
        />
      ),
    },
    { title: 'Pulls', field: 'pullCount' },
    {
      title: 'Created',
      field: 'createdAt',
      render: r => <RelativeTime value={r.createdAt} />,
    },
    { title: 'Description', field: 'description' },
  ];

  return (
    <Content>
      <ContentHeader title={`Image group ${group.name}`}>
        <Link to={registryRoot}>All groups and repositories</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
            <Chip size="small" label={group.visibility} data-testid="group-visibility-chip" />
            {group.role && (
              <Chip
                size="small"
                variant="outlined"
                label={`Your role: ${ROLE_TITLES[group.role]}`}
              />
            )}
            <Typography variant="body2" component="span">
              Created by
            </Typography>
            <UserDisplay entityRef={group.createdBy} />
            <RelativeTime value={group.createdAt} />
            {group.description && (
              <Typography variant="body2" component="span">
                · {group.description}
              </Typography>
            )}
          </Box>
        </Grid>
        <Grid item xs={12}>
          <Table
            title="Repositories"
            options={{ paging: false, search: false }}
            columns={columns}
            data={repositories.items}
            emptyContent={
              <Typography style={{ padding: 16 }} data-testid="group-no-repositories">
                No repositories in this group yet: create one on the registry page.
              </Typography>
            }
          />
          <ShowMore
            pages={repositories}
            what="repositories"
            testId="group-repositories-show-more"
          />
        </Grid>
        <Grid item xs={12} xl={canManage.allowed ? 5 : 12}>
          <MembersPanel
            kind="image-group"
            name={group.name}
            basePath={`/groups/${encodeURIComponent(group.name)}`}
          />
        </Grid>
        {canManage.allowed && (
          <Grid item xs={12} xl={7}>
            <GroupRobots group={group.name} />
          </Grid>
        )}
        {canDelete.allowed && (
          <Grid item xs={12}>
            <DeleteGroup group={group} onDeleted={() => navigate(registryRoot)} />
          </Grid>
        )}
      </Grid>
    </Content>
  );
}
