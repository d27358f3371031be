import { useState } from 'react';
import {
  ErrorPanel,
  Progress,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { PodSummary } from '@cellport/plugin-cells-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../../api';
import { useAppContext } from '../AppContext';
import { OVERVIEW_POLL_MS } from '../overview/OverviewTab';
import { PodLogDialog } from './PodLogDialog';
import { podColumns } from './podColumns';

/**
 * The app's pods in every cell (name, IP, node, cell, version, status, ready, restarts, start), with
 * their logs for users who may read them; unreachable cells are listed as warnings.
 */
export function PodsTab(props: { pollMs?: number }) {
  const { app, permissions, revision } = useAppContext();
  const api = useApi(cellsApiRef);
  const state = useAsyncRetry(
    () => api.getOverview(app.name),
    [api, app.name, revision],
  );
  useInterval(state.retry, props.pollMs ?? OVERVIEW_POLL_MS);
  const [logOf, setLogOf] = useState<PodSummary>();

  if (!state.value) {
    return state.error ? (
      <ErrorPanel error={state.error} title="Could not load the pods" />
    ) : (
      <Progress />
    );
  }
  const pods = state.value.cells.flatMap(c => c.pods);
  const unreachable = state.value.cells.filter(c => !c.reachable);
  const columns = podColumns({
    canReadLogs: permissions.logs,
    onLogs: setLogOf,
  });
  return (
    <>
      {unreachable.map(c => (
        <WarningPanel
          key={c.cell}
          title={`Cell ${c.cell} is unreachable: its pods are not listed`}
          message={c.error}
        />
      ))}
      <Table
        title="Pods"
        options={{
          paging: pods.length > 20,
          pageSize: 20,
          search: true,
          padding: 'dense',
        }}
        columns={columns}
        data={pods}
      />
      <PodLogDialog
        app={app.name}
        pod={logOf}
        onClose={() => setLogOf(undefined)}
      />
    </>
  );
}
