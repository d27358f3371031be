import {
  Content,
  CopyTextButton,
  ErrorPanel,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CELLPORT_ANNOTATIONS } from '@cellport/common';
import type { ImageTag } from '@cellport/plugin-registry-common';
import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { registryApiRef } from '../api';
import { pullCommand } from './RepositoryPage';

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } })?.response?.status;
}

/** The tags of the image repository named by the entity's `cellport.io/image` annotation. */
export function EntityRegistryContent() {
  const { entity } = useEntity();
  const api = useApi(registryApiRef);
  const repository =
    entity.metadata.annotations?.[CELLPORT_ANNOTATIONS.image]?.trim() ?? '';
  const state = useAsync(async () => {
    if (!repository) {
      return undefined;
    }
    const [repo, tags] = await Promise.all([
      api.getRepository(repository),
      api.listTags(repository),
    ]);
    return { repo, tags };
  }, [api, repository]);

  if (!repository) {
    return (
      <Alert severity="info">
        This component has no <code>{CELLPORT_ANNOTATIONS.image}</code>{' '}
        annotation.
      </Alert>
    );
  }
  if (state.loading) {
    return <Progress />;
  }
  if (state.error || !state.value) {
    const status = statusOf(state.error);
    if (status === 404 || status === 403 || status === 400) {
      return (
        <Alert severity="warning" data-testid="entity-registry-missing">
          The image repository <code>{repository}</code> does not exist, or
          you are not allowed to see it.
        </Alert>
      );
    }
    return (
      <ErrorPanel
        error={state.error ?? new Error('no answer')}
        title="The registry is not available"
      />
    );
  }
  const { repo, tags } = state.value;
  const columns: TableColumn<ImageTag>[] = [
    { title: 'Tag', field: 'tag' },
    {
      title: 'Pushed',
      field: 'pushedAt',
      render: t =>
        t.pushedAt ? new Date(t.pushedAt).toLocaleString() : t.created ?? '—',
    },
    {
      title: 'Pull command',
      field: 'tag',
      render: t => {
        const command = pullCommand(repo.registryHost, repo.name, t.tag);
        return (
          <span data-testid={`entity-pull-${t.tag}`}>
            <code>{command}</code>
            <CopyTextButton text={command} tooltipText="Pull command copied" />
          </span>
        );
      },
    },
  ];
  return (
    <Content>
      <Table
        title={`Images: ${repo.name}`}
        subtitle={`${repo.visibility} · ${repo.pullCount} pulls`}
        options={{ paging: false, search: false }}
        columns={columns}
        data={tags.items}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            No tags yet: push with{' '}
            <code>
              docker push {repo.registryHost}/{repo.name}:&lt;tag&gt;
            </code>
          </Typography>
        }
      />
    </Content>
  );
}
