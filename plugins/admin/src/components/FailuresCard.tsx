/** The latest failed releases and builds: reason, who started them, when, links to their pages. */
import { Card, CardContent, CardHeader, Typography } from '@material-ui/core';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import type { FailedBuild, FailedRelease } from '../api';
import { PartError } from './PartError';
import { TextWithPeople } from './TextWithPeople';

const enc = encodeURIComponent;

/** Who started something: a catalog user by display name, another actor (a webhook pusher) as is. */
function StartedBy(props: { actor: string }) {
  return props.actor ? (
    <UserDisplay entityRef={props.actor} hideAvatar />
  ) : (
    <>—</>
  );
}

const releaseColumns: TableColumn<FailedRelease>[] = [
  {
    title: 'App',
    field: 'app',
    render: r => (
      <>
        <Link to={`/cells/${enc(r.app)}`}>{r.app}</Link>
        <Typography variant="caption" color="textSecondary" display="block">
          to {r.version}
        </Typography>
      </>
    ),
  },
  {
    title: 'Reason',
    field: 'reason',
    render: r => <TextWithPeople text={r.reason} />,
    cellStyle: { overflowWrap: 'anywhere', minWidth: 200 },
  },
  { title: 'Started by', render: r => <StartedBy actor={r.startedBy} /> },
  {
    title: 'Failed',
    render: r => <RelativeTime value={r.failedAt} />,
    width: '130px',
  },
];

const buildColumns: TableColumn<FailedBuild>[] = [
  {
    title: 'Build',
    render: b => (
      <Link to={`/builds/${enc(b.config)}/builds/${b.number}`}>
        {b.config} #{b.number}
      </Link>
    ),
  },
  {
    title: 'Reason',
    render: b => (
      <>
        {b.step && (
          <Typography variant="caption" color="textSecondary" display="block">
            {b.step} step
          </Typography>
        )}
        {b.reason ? <TextWithPeople text={b.reason} /> : '—'}
      </>
    ),
    cellStyle: { overflowWrap: 'anywhere', minWidth: 200 },
  },
  { title: 'Started by', render: b => <StartedBy actor={b.startedBy} /> },
  {
    title: 'Failed',
    render: b => <RelativeTime value={b.failedAt} />,
    width: '130px',
  },
];

/** Props of {@link FailuresCard}. */
export interface FailuresCardProps {
  releases?: FailedRelease[];
  releasesError?: unknown;
  builds?: FailedBuild[];
  buildsError?: unknown;
}

/** Failed releases and builds, newest first. */
export function FailuresCard(props: FailuresCardProps) {
  return (
    <Card>
      <CardHeader title="Latest failures" />
      <CardContent>
        <PartError source="Releases (cells)" error={props.releasesError} />
        <Table<FailedRelease>
          title="Failed releases"
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: true,
          }}
          columns={releaseColumns}
          data={props.releases ?? []}
          emptyContent={
            <Typography style={{ padding: 16 }}>No failed release.</Typography>
          }
        />
        <div style={{ height: 16 }} />
        <PartError source="Builds" error={props.buildsError} />
        <Table<FailedBuild>
          title="Failed builds"
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: true,
          }}
          columns={buildColumns}
          data={props.builds ?? []}
          emptyContent={
            <Typography style={{ padding: 16 }}>No failed build.</Typography>
          }
        />
      </CardContent>
    </Card>
  );
}
