import {
  ContentHeader,
  ErrorPanel,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CellSummary } from '@cellport/plugin-cells-common';
import { Chip, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../api';
import { CapacityBars, NodeChips } from './CapacityBars';

function StatusCell({ cell }: { cell: CellSummary }) {
  if (!cell.status.checked) {
    return <StatusPending>checking</StatusPending>;
  }
  if (cell.status.reachable) {
    return <StatusOK>reachable</StatusOK>;
  }
  return (
    <>
      <StatusError>unreachable</StatusError>
      <Typography variant="caption" display="block">
        {cell.status.error}
      </Typography>
    </>
  );
}

const columns: TableColumn<CellSummary>[] = [
  {
    title: 'Cell',
    field: 'name',
    render: cell => (
      <>
        <Typography variant="body1" component="span">
          {cell.name}
        </Typography>{' '}
        {cell.simulated && (
          <Chip size="small" label="simulated" data-testid="simulated-chip" />
        )}
      </>
    ),
  },
  { title: 'Region', field: 'region' },
  { title: 'Status', render: cell => <StatusCell cell={cell} /> },
  { title: 'Kubernetes', render: cell => cell.status.version ?? '—' },
  {
    title: 'Nodes',
    render: cell => <NodeChips nodes={cell.status.nodes} />,
  },
  {
    title: 'Requests / allocatable',
    render: cell => (
      <CapacityBars usage={cell.status.usage} capacity={cell.status.capacity} />
    ),
  },
];

/**
 * Every region with its cells: reachability, Kubernetes version, capacity and usage. Refreshes every
 * 15 seconds; an unreachable cell shows its error without hiding the others.
 *
 * @public
 */
export function RegionsView() {
  const api = useApi(cellsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listRegions(),
    [api],
  );
  useInterval(retry, 15_000);

  if (loading && !value) {
    return <Progress />;
  }
  if (error && !value) {
    return <ErrorPanel error={error} title="Could not load the cells" />;
  }
  const regions = value ?? [];
  return (
    <>
      <ContentHeader title="Regions and cells" />
      {regions.length === 0 && (
        <Typography>
          No cells are configured (cellport.cells.regions).
        </Typography>
      )}
      {regions.map(region => (
        <Table<CellSummary>
          key={region.name}
          title={`Region ${region.name}`}
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={region.cells}
        />
      ))}
    </>
  );
}
