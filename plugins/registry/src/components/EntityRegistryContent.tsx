import {
  Content,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CELLPORT_ANNOTATIONS, fetchAllPages } from '@cellport/common';
import {
  errorMessage,
  errorStatus,
  RelativeTime,
} from '@cellport/plugin-access-react';
import type { ImageTag } from '@cellport/plugin-registry-common';
import { Grid, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { registryApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { CommandLine } from './CommandLine';
import { CreateRepositoryOffer } from './CreateRepositoryOffer';
import { lookupEntityRepository } from './entityRepository';
import { pullCommand } from './RepositoryPage';
import { pullsText } from './pullsText';

/**
 * The images of a component: the tags, with pull commands, of the repository its
 * `cellport.io/image` annotation names, or of a repository named like the component; and, when
 * there is none, "Create a repository for this component" prefilled.
 */
export function EntityRegistryContent() {
  const { entity } = useEntity();
  const api = useApi(registryApiRef);
  const registryRoot = useRouteRef(rootRouteRef)();
  const state = useAsyncRetry(async () => {
    // the lookup needs every group and repository the user sees, not only a page
    let registryHost = '';
    const [groups, items] = await Promise.all([
      fetchAllPages(cursor => api.listGroups({ cursor, limit: 500 })),
      fetchAllPages(async cursor => {
        const page = await api.listRepositories({ cursor, limit: 500 });
        registryHost = page.registryHost;
        return page;
      }),
    ]);
    const groupNames = groups.map(g => g.name);
    const lookup = lookupEntityRepository(entity, items, groupNames);
    const name = lookup.annotated ?? lookup.found[0]?.name;
    if (!name) {
      return { lookup, groupNames, registryHost };
    }
    try {
      const [repo, tags] = await Promise.all([
        api.getRepository(name),
        api.listTags(name),
      ]);
      return { lookup, groupNames, registryHost, repo, tags };
    } catch (e) {
      if (errorStatus(e) === 404) {
        return { lookup, groupNames, registryHost, missing: errorMessage(e) };
      }
      throw e;
    }
  }, [api, entity]);

  if (state.loading && !state.value) {
    return <Progress />;
  }
  if (state.error || !state.value) {
    return (
      <Content>
        <ResponseErrorPanel
          error={state.error ?? new Error('no answer')}
          title={`The registry is not available: ${errorMessage(state.error)}`}
        />
      </Content>
    );
  }
  const { lookup, groupNames, repo, tags } = state.value;
  if (!repo || !tags) {
    return (
      <Content>
        <CreateRepositoryOffer
          group={lookup.suggestion.group}
          name={lookup.suggestion.name}
          groups={groupNames}
          onCreated={state.retry}
          reason={
            lookup.annotated ? (
              <Alert severity="warning" data-testid="entity-registry-missing">
                The image repository <code>{lookup.annotated}</code> named by
                this component's <code>{CELLPORT_ANNOTATIONS.image}</code>{' '}
                annotation does not exist, or you are not one of its members
                ({state.value.missing}).
              </Alert>
            ) : (
              <Alert severity="info" data-testid="entity-registry-none">
                No image repository is named like this component, and it has no{' '}
                <code>{CELLPORT_ANNOTATIONS.image}</code> annotation.
              </Alert>
            )
          }
        />
      </Content>
    );
  }
  const columns: TableColumn<ImageTag>[] = [
    { title: 'Tag', field: 'tag' },
    {
      title: 'Pushed',
      field: 'pushedAt',
      render: t => <RelativeTime value={t.pushedAt ?? t.created} />,
    },
    {
      title: 'Pull command',
      field: 'tag',
      width: '60%',
      render: t => (
        <CommandLine
          command={pullCommand(repo.registryHost, repo.name, t.tag)}
          testId={`entity-pull-${t.tag}`}
          tooltipText="Pull command copied"
        />
      ),
    },
  ];
  return (
    <Content>
      <Grid container spacing={2}>
        {!lookup.annotated && (
          <Grid item xs={12}>
            <Alert severity="info" data-testid="entity-registry-found-by-name">
              Found by the component's name. Pin it with the annotation{' '}
              <code>
                {CELLPORT_ANNOTATIONS.image}: {repo.name}
              </code>
              .
            </Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <Table
            title={
              <Link
                to={`${registryRoot}/repositories/${repo.name}`}
                data-testid="entity-repository-link"
              >
                Images: {repo.name}
              </Link>
            }
            subtitle={`${repo.visibility} · ${pullsText(repo.pullCount)}`}
            options={{ paging: false, search: false }}
            columns={columns}
            data={tags.items}
            emptyContent={
              <Typography style={{ padding: 16 }} data-testid="entity-no-tags">
                No tags yet: push with{' '}
                <code>
                  docker push {repo.registryHost}/{repo.name}:&lt;tag&gt;
                </code>
              </Typography>
            }
          />
          {tags.nextCursor && (
            <Typography variant="body2" style={{ padding: 8 }} data-testid="entity-more-tags">
              The first {tags.items.length} tags are shown:{' '}
              <Link to={`${registryRoot}/repositories/${repo.name}`}>
                see every tag on the repository page
              </Link>
              .
            </Typography>
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
