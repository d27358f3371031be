import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Chip, Grid, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  CodeSnippet,
  InfoCard,
  Progress,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import { HostConvergence, UpstreamServer } from '@cellport/plugin-slb-common';
import { slbApiRef } from '../api';
import { DirectivesCard } from './DirectivesCard';

type ServerRow = UpstreamServer & { upstream: string; stale: boolean };

const serverColumns: TableColumn<ServerRow>[] = [
  { title: 'Cell', field: 'cell' },
  { title: 'Version', field: 'version' },
  { title: 'Server', render: s => <code>{s.address}</code> },
  { title: 'Weight', field: 'weight' },
  { title: 'Upstream', render: s => <code>{s.upstream}</code> },
  { title: 'State', render: s => (s.stale ? <Chip size="small" label="stale: cell unreachable" /> : <Chip size="small" color="primary" label="ready" />) },
];

const hostColumns: TableColumn<HostConvergence>[] = [
  { title: 'Host', field: 'host' },
  { title: 'Address', render: h => <code>{h.address}</code> },
  { title: 'Applied revision', field: 'revision' },
  {
    title: 'Lag',
    render: h => (h.lag === 0 ? <Chip size="small" color="primary" label="converged" /> : `${h.lag} revisions behind`),
  },
  { title: 'Last error', render: h => (h.error ? <Typography color="error" variant="body2" style={{ whiteSpace: 'pre-wrap' }}>{h.error}</Typography> : '—') },
  { title: 'Reported', render: h => <RelativeTime value={h.updatedAt} /> },
];

/** The domain page of the route `/slb/domains/:name`. */
export function DomainDetails() {
  const { name } = useParams();
  return <DomainView name={name!} />;
}

/** One domain: where to point DNS, what the hosts run, which servers get traffic, convergence. */
export function DomainView({ name }: { name: string }) {
  const api = useApi(slbApiRef);
  const state = useAsyncRetry(() => api.getDomain(name), [api, name]);
  const { retry } = state;
  useEffect(() => {
    const t = setInterval(retry, 2000);
    return () => clearInterval(t);
  }, [retry]);
  if (state.loading && !state.value) return <Progress />;
  if (state.error && !state.value) return <Alert severity="error">{state.error.message}</Alert>;
  const view = state.value!;
  const servers: ServerRow[] = view.upstreams
    .flatMap(u =>
      u.servers.map(s => ({ ...s, upstream: `${u.app}:${u.port}`, stale: u.cells[s.cell]?.stale ?? false })),
    )
    .sort((a, b) => `${a.cell}/${a.version}/${a.address}`.localeCompare(`${b.cell}/${b.version}/${b.address}`));
  return (
    <Grid container spacing={3}>
      {state.error && (
        <Grid item xs={12}>
          <Alert severity="warning">{state.error.message}</Alert>
        </Grid>
      )}
      <Grid item xs={12} xl={6}>
        <InfoCard title={view.domain.name}>
          <StructuredMetadataTable
            metadata={{
              CNAME: <code style={{ whiteSpace: 'nowrap' }}>{view.cname}</code>,
              VIP: view.vip,
              'LB group': `${view.group.name} (region ${view.group.region}, ${view.group.visibility})`,
              App: view.domain.app,
              Paths: view.domain.locations.map(l => `${l.path} → ${l.app}:${l.port}`).join(', '),
              Aliases: view.domain.aliases.join(', ') || '—',
              'Created by': view.domain.createdBy ? <UserDisplay entityRef={view.domain.createdBy} hideAvatar /> : '—',
              Changed: <RelativeTime value={view.domain.updatedAt} />,
              Revision: view.revision,
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} xl={6}>
        <InfoCard title="Nginx configuration (as the hosts render it)">
          <CodeSnippet language="nginx" text={view.config} showLineNumbers customStyle={{ maxHeight: 360, overflow: 'auto' }} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table
          title="Hosts"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={hostColumns}
          data={view.hosts}
          emptyContent={<Typography style={{ padding: 16 }}>No live host in the group.</Typography>}
        />
      </Grid>
      {view.canEditDirectives && (
        <Grid item xs={12}>
          <DirectivesCard name={view.domain.name} current={view.domain.extraDirectives} onSaved={state.retry} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Table
          title="Upstream servers by cell and version"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={serverColumns}
          data={servers}
          emptyContent={<Typography style={{ padding: 16 }}>No ready pod yet.</Typography>}
        />
      </Grid>
    </Grid>
  );
}
