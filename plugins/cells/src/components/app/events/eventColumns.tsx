import { TableColumn } from '@backstage/core-components';
import type { AppEvent } from '@cellport/plugin-cells-common';
import { RelativeTime } from '@cellport/plugin-access-react';
import { Typography } from '@material-ui/core';

/** A column as narrow as its content (the message takes the rest). */
const narrow = {
  width: '1%',
  cellStyle: { whiteSpace: 'nowrap' },
  headerStyle: { whiteSpace: 'nowrap' },
} as const;

/**
 * The events table's columns, narrow enough for a 1024 px screen: when (relative, the absolute
 * time on hover), cell, reason with its type under it (warnings in the error colour), the message
 * with the object it is about under it, and how often it happened.
 */
export const eventColumns: TableColumn<AppEvent>[] = [
  {
    title: 'Time',
    field: 'at',
    render: e => <RelativeTime value={e.at} />,
    ...narrow,
  },
  { title: 'Cell', field: 'cell', ...narrow },
  {
    title: 'Reason',
    field: 'reason',
    render: e => (
      <>
        <Typography variant="body2">{e.reason}</Typography>
        <Typography
          variant="caption"
          color={e.type === 'Warning' ? 'error' : 'textSecondary'}
        >
          {e.type}
        </Typography>
      </>
    ),
  },
  {
    title: 'Message',
    field: 'message',
    cellStyle: { overflowWrap: 'anywhere' },
    render: e => (
      <>
        <Typography variant="body2">{e.message}</Typography>
        <Typography variant="caption" color="textSecondary">
          {e.object}
        </Typography>
      </>
    ),
  },
  { title: 'Count', field: 'count', align: 'right', ...narrow },
];
