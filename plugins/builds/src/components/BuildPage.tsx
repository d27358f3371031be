import {
  Content,
  ContentHeader,
  CopyTextButton,
  InfoCard,
  LinkButton,
  Progress,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
  useRouteRef,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CELLPORT_ANNOTATIONS,
  DEFAULT_PAGE_LIMITS,
  fetchAllPages,
  type Page,
} from '@cellport/common';
import { errorMessage, RelativeTime } from '@cellport/plugin-access-react';
import type { BuildStep } from '@cellport/plugin-builds-common';
import { Button, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { buildsApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { BuildLog } from './BuildLog';
import {
  BuildStateChip,
  buildDuration,
  describeTrigger,
  formatDuration,
  LoadError,
} from './shared';

const stepColumns: TableColumn<BuildStep>[] = [
  { title: 'Step', field: 'name' },
  { title: 'State', field: 'state' },
  { title: 'Started', render: s => <RelativeTime value={s.startedAt} /> },
  { title: 'Duration', render: s => formatDuration(s.durationMs) },
];

/** One build: state, commit, image and digest, steps with timings, attempts, the live log. */
export function BuildPage() {
  const { config = '', number = '0' } = useParams();
  const n = Number(number);
  const api = useApi(buildsApiRef);
  const catalog = useApi(catalogApiRef);
  const discovery = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const base = useRouteRef(rootRouteRef)();
  const build = useAsyncRetry(() => api.getBuild(config, n), [api, config, n]);
  const cfg = useAsync(() => api.getConfig(config), [api, config]);
  const running =
    build.value && ['queued', 'running'].includes(build.value.state);
  useInterval(build.retry, running ? 1500 : null);
  const [cancelError, setCancelError] = useState<string>();
  // the apps the image deploys to: the app of the catalog component built by this config, and
  // the Cellport apps (that the user sees) using the config's image repository
  const apps = useAsync(async () => {
    const found = new Set<string>();
    const { items } = await catalog.getEntities({
      filter: {
        [`metadata.annotations.${CELLPORT_ANNOTATIONS.build}`]: config,
      },
      fields: ['metadata.annotations'],
    });
    for (const e of items) {
      const app = e.metadata.annotations?.[CELLPORT_ANNOTATIONS.app];
      if (app) found.add(app);
    }
    const repository = cfg.value?.imageRepository;
    if (repository) {
      const cells = await discovery.getBaseUrl('cells');
      // every app the user sees, page after page; none when the cells plugin does not answer
      const visible = await fetchAllPages(async cursor => {
        const query = new URLSearchParams({
          limit: String(DEFAULT_PAGE_LIMITS.maxLimit),
          ...(cursor ? { cursor } : {}),
        });
        const res = await fetchApi.fetch(`${cells}/apps?${query}`);
        if (!res.ok) return { items: [] };
        return (await res.json()) as Page<{
          name: string;
          imageRepository?: string;
        }>;
      });
      visible
        .filter(a => a.imageRepository === repository)
        .forEach(a => found.add(a.name));
    }
    return [...found].sort().slice(0, 5);
  }, [catalog, config, cfg.value?.imageRepository]);

  if (build.error) {
    return (
      <LoadError
        error={build.error}
        what={`Build ${config} #${number}`}
        backTo={`${base}/${config}`}
      />
    );
  }
  if (!build.value) return <Progress />;
  const b = build.value;
  const allowed = cfg.value?.allowed ?? {};
  return (
    <Content>
      <ContentHeader title={`Build ${config} #${b.number}`}>
        <LinkButton to={`${base}/${config}`}>Back to {config}</LinkButton>
        {running && allowed.buildCancel && (
          <Button
            variant="outlined"
            data-testid="cancel-build"
            onClick={async () => {
              try {
                await api.cancelBuild(config, b.number);
                build.retry();
              } catch (e) {
                setCancelError(errorMessage(e));
              }
            }}
          >
            Cancel build
          </Button>
        )}
      </ContentHeader>
      {cancelError && <Alert severity="error">{cancelError}</Alert>}
      {b.state === 'failed' && (
        <Alert severity="error" data-testid="build-failure">
          {b.failedStep ? `The ${b.failedStep} step failed: ` : ''}
          {b.reason}
        </Alert>
      )}
      {b.state === 'succeeded' && b.image && (
        <Alert severity="success" data-testid="build-image">
          Pushed <code>{b.image}</code>{' '}
          <CopyTextButton text={b.image} tooltipText="Image copied" />
          {(apps.value ?? []).map(app => (
            <LinkButton
              key={app}
              variant="outlined"
              color="primary"
              size="small"
              style={{ marginLeft: 8 }}
              data-testid={`deploy-build-${app}`}
              to={`/cells/${encodeURIComponent(
                app,
              )}?deployImage=${encodeURIComponent(b.image!)}`}
            >
              Deploy as new version of {app}
            </LinkButton>
          ))}
        </Alert>
      )}
      <Grid container spacing={3} style={{ marginTop: 8 }}>
        <Grid item xs={12} lg={5}>
          <InfoCard title="Build">
            <StructuredMetadataTable
              metadata={{
                state: <BuildStateChip state={b.state} />,
                trigger: describeTrigger(b),
                branch: b.branch,
                commit: b.commit ? (
                  <code title={b.commit}>{b.commit.slice(0, 12)}</code>
                ) : (
                  '—'
                ),
                tag: b.tag ?? '—',
                digest: b.digest ? (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <code
                      title={b.digest}
                      data-testid="build-digest"
                    >{`${b.digest.slice(0, 19)}…`}</code>
                    <CopyTextButton
                      text={b.digest}
                      tooltipText="Digest copied"
                    />
                  </span>
                ) : (
                  '—'
                ),
                agent: b.agent ?? 'waiting for an agent',
                created: <RelativeTime value={b.createdAt} />,
                duration: formatDuration(buildDuration(b)),
              }}
            />
            {b.attempts
              .filter(a => a.reason)
              .map(a => (
                <Typography
                  key={a.attempt}
                  variant="body2"
                  color="textSecondary"
                >
                  Attempt {a.attempt} on {a.agent}: {a.reason}
                </Typography>
              ))}
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={7}>
          <Table
            title="Steps"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={stepColumns}
            data={b.steps}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="h6">Log</Typography>
          <BuildLog config={config} number={b.number} />
        </Grid>
      </Grid>
    </Content>
  );
}
