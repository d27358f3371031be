/** LB special configuration across domains: the extra Nginx directives, who set them and when. */
import { Card, CardContent, CardHeader, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import type { SpecialConfig } from '../api';
import { PartError } from './PartError';

const columns: TableColumn<SpecialConfig>[] = [
  {
    title: 'Domain',
    render: s => (
      <>
        <Link to={`/slb/domains/${encodeURIComponent(s.domain)}`} style={{ overflowWrap: 'anywhere' }}>
          {s.domain}
        </Link>
        <Typography variant="caption" color="textSecondary" display="block">
          {s.group}
          {s.region ? ` (${s.region})` : ''} · app {s.app}
        </Typography>
      </>
    ),
  },
  {
    title: 'Directives',
    render: s => (
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: 12 }}>{s.directives}</pre>
    ),
    cellStyle: { minWidth: 240 },
  },
  {
    title: 'Set by',
    render: s => (
      <>
        {s.setBy ? <UserDisplay entityRef={s.setBy} hideAvatar /> : <Typography variant="body2">Not recorded</Typography>}
        <Typography variant="caption" color="textSecondary" display="block">
          <RelativeTime value={s.setAt} />
        </Typography>
      </>
    ),
  },
];

/** Props of {@link SpecialConfigsCard}. */
export interface SpecialConfigsCardProps {
  items?: SpecialConfig[];
  groupErrors?: Array<{ group: string; error: string }>;
  error?: unknown;
}

/** The special configuration table. */
export function SpecialConfigsCard(props: SpecialConfigsCardProps) {
  return (
    <Card>
      <CardHeader title="LB special configuration" subheader="Extra Nginx directives platform admins set on domains" />
      <CardContent>
        <PartError source="Special configuration (slb)" error={props.error} />
        {props.groupErrors?.map(g => (
          <Alert key={g.group} severity="warning" style={{ marginBottom: 8 }}>
            LB group {g.group}: {g.error}
          </Alert>
        ))}
        <Table<SpecialConfig>
          options={{ paging: false, search: false, padding: 'dense', toolbar: false }}
          columns={columns}
          data={props.items ?? []}
          emptyContent={<Typography style={{ padding: 16 }}>No domain has special configuration.</Typography>}
        />
      </CardContent>
    </Card>
  );
}
