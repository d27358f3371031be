import {
  ErrorPanel,
  Progress,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../../api';
import { useAppContext } from '../AppContext';
import { eventColumns } from './eventColumns';

/** How often the events refresh. */
export const EVENTS_POLL_MS = 10_000;

/**
 * The Kubernetes events of the app's namespace in every cell, merged, newest first; a cell that
 * could not be read is shown as a warning above them.
 */
export function EventsTab(props: { pollMs?: number }) {
  const { app, permissions, revision } = useAppContext();
  const api = useApi(cellsApiRef);
  const state = useAsyncRetry(
    async () => (permissions.events ? api.getEvents(app.name) : undefined),
    [api, app.name, permissions.events, revision],
  );
  useInterval(
    state.retry,
    permissions.events ? props.pollMs ?? EVENTS_POLL_MS : null,
  );

  if (!permissions.events) {
    return (
      <Typography>
        Reading events takes the Reporter role or above on this app.
      </Typography>
    );
  }
  if (!state.value) {
    return state.error ? (
      <ErrorPanel error={state.error} title="Could not load the events" />
    ) : (
      <Progress />
    );
  }
  return (
    <>
      {state.value.errors.map(e => (
        <WarningPanel
          key={e.cell}
          title={`Events of cell ${e.cell} could not be read`}
          message={e.error}
        />
      ))}
      <Table
        title="Events"
        options={{
          paging: state.value.items.length > 50,
          pageSize: 50,
          search: true,
          padding: 'dense',
        }}
        columns={eventColumns}
        data={state.value.items}
      />
    </>
  );
}
