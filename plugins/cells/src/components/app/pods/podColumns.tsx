import { TableColumn } from '@backstage/core-components';
import type { PodSummary } from '@cellport/plugin-cells-common';
import { RelativeTime } from '@cellport/plugin-access-react';
import { IconButton, Tooltip, Typography } from '@material-ui/core';
import DescriptionIcon from '@material-ui/icons/Description';

/** A column as narrow as its content (the pod and status columns take the rest). */
const narrow = {
  width: '1%',
  cellStyle: { whiteSpace: 'nowrap' },
  headerStyle: { whiteSpace: 'nowrap' },
} as const;

/**
 * The pods table's columns, narrow enough for a 1024 px screen: the pod with its IP and node
 * under it, cell, version, status with readiness and restarts under it, when it started (relative,
 * the absolute time on hover) and, for users who may read them, a button for its logs.
 */
export function podColumns(options: {
  canReadLogs: boolean;
  onLogs(pod: PodSummary): void;
}): TableColumn<PodSummary>[] {
  return [
    {
      title: 'Pod',
      field: 'name',
      render: p => (
        <>
          <Typography variant="body2">{p.name}</Typography>
          <Typography variant="caption" color="textSecondary">
            <span>{p.ip ?? '—'}</span> on <span>{p.node ?? '—'}</span>
          </Typography>
        </>
      ),
    },
    { title: 'Cell', field: 'cell', ...narrow },
    {
      title: 'Version',
      field: 'version',
      render: p => p.version ?? '—',
      ...narrow,
    },
    {
      title: 'Status',
      field: 'status',
      render: p => (
        <>
          <Typography variant="body2">{p.status}</Typography>
          <Typography variant="caption" color="textSecondary">
            ready <span>{p.ready ? 'yes' : 'no'}</span> · restarts{' '}
            <span>{p.restarts}</span>
          </Typography>
        </>
      ),
    },
    {
      title: 'Started',
      field: 'createdAt',
      render: p => <RelativeTime value={p.createdAt} />,
      ...narrow,
    },
    {
      title: 'Logs',
      sorting: false,
      ...narrow,
      render: p =>
        options.canReadLogs ? (
          <Tooltip title="Logs">
            <IconButton
              size="small"
              aria-label={`Logs of ${p.name}`}
              onClick={() => options.onLogs(p)}
            >
              <DescriptionIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        ) : null,
    },
  ];
}
