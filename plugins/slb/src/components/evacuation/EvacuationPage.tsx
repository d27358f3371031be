/**
 * Cell evacuation for platform admins: plan an evacuation, run it, follow its timeline and
 * un-evacuate. Others see that the page is not theirs (the API answers 404 to them).
 */
import { ReactNode, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { Button, Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress, Table, TableColumn } from '@backstage/core-components';
import { errorMessage, RelativeTime } from '@cellport/plugin-access-react';
import { Evacuation, EvacuationPlan } from '@cellport/plugin-slb-common';
import { EvacuationTimeline, StateChip } from './EvacuationTimeline';
import { CellOption, useEvacuationClient } from './evacuationClient';
import { PlanTable } from './PlanTable';

function PlanCard(props: { cells: CellOption[]; onStarted: (ev: Evacuation) => void }) {
  const client = useEvacuationClient();
  const [cell, setCell] = useState(props.cells[0]?.name ?? '');
  const [reason, setReason] = useState('');
  const [plan, setPlan] = useState<EvacuationPlan>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard title="Evacuate a cell">
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={6} lg={3}>
          <TextField
            fullWidth
            select
            label="Cell"
            value={cell}
            onChange={e => {
              setCell(e.target.value);
              setPlan(undefined);
            }}
          >
            {props.cells.map(c => (
              <MenuItem key={c.name} value={c.name}>
                {c.name} (region {c.region})
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6} lg={5}>
          <TextField fullWidth label="Reason" placeholder="rack maintenance" value={reason} onChange={e => setReason(e.target.value)} inputProps={{ 'aria-label': 'Reason' }} />
        </Grid>
        <Grid item xs={12} lg={4}>
          <Button variant="outlined" color="primary" disabled={busy || !cell} onClick={() => run(async () => setPlan(await client.plan(cell)))}>
            Plan
          </Button>{' '}
          <Button
            variant="contained"
            color="secondary"
            disabled={busy || !plan || plan.cell !== cell}
            onClick={() =>
              run(async () => {
                props.onStarted(await client.start(cell, reason.trim() || undefined));
                setPlan(undefined);
              })
            }
          >
            Evacuate {cell}
          </Button>
        </Grid>
        {error && (
          <Grid item xs={12}>
            <Alert severity="error">{error}</Alert>
          </Grid>
        )}
        {plan && (
          <Grid item xs={12}>
            <PlanTable plan={plan} />
          </Grid>
        )}
        {!plan && (
          <Grid item xs={12}>
            <Typography variant="body2" color="textSecondary">
              Plan first: it shows, per app with servers in the cell, which other cells carry its replicas and what cannot be carried. The evacuated cell's pods keep running without traffic until you un-evacuate it.
            </Typography>
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}

function Secondary(props: { children: ReactNode }) {
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      {props.children}
    </Typography>
  );
}

// the trigger under the state and the last update under the start, so the reason gets the room
const columns: TableColumn<Evacuation>[] = [
  { title: 'Cell', field: 'cell' },
  {
    title: 'State / trigger',
    render: e => (
      <>
        <StateChip state={e.state} />
        <Secondary>{e.trigger}</Secondary>
      </>
    ),
  },
  { title: 'Reason', field: 'reason', width: '40%' },
  {
    title: 'Started',
    render: e => (
      <>
        <RelativeTime value={e.createdAt} />
        <Secondary>
          updated <RelativeTime value={e.updatedAt} />
        </Secondary>
      </>
    ),
  },
];

/** The evacuation page. */
export function EvacuationPage() {
  const client = useEvacuationClient();
  const [selected, setSelected] = useState<string>();
  const [restoreError, setRestoreError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const state = useAsyncRetry(async () => {
    const list = await client.list();
    if (!list) return { admin: false as const };
    const cells = await client.cells();
    return { admin: true as const, list, cells };
  }, [client]);
  const detail = useAsyncRetry(async () => (selected ? client.get(selected) : undefined), [client, selected]);
  useInterval(() => {
    state.retry();
    detail.retry();
  }, 2000);
  const list = state.value?.admin ? state.value.list : undefined;
  useEffect(() => {
    if (!selected && list?.[0]) setSelected(list[0].id);
  }, [selected, list]);

  if (state.loading && !state.value) return <Progress />;
  if (state.error && !state.value) return <Alert severity="error">{errorMessage(state.error)}</Alert>;
  if (!state.value?.admin) {
    return <Alert severity="info">Cell evacuation is for platform admins.</Alert>;
  }
  const restore = async (id: string) => {
    setBusy(true);
    setRestoreError(undefined);
    try {
      await client.restore(id);
      detail.retry();
    } catch (e) {
      setRestoreError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PlanCard
          cells={state.value.cells}
          onStarted={ev => {
            setSelected(ev.id);
            state.retry();
          }}
        />
      </Grid>
      {detail.value && (
        <Grid item xs={12}>
          <EvacuationTimeline evacuation={detail.value} busy={busy} error={restoreError} onRestore={() => restore(detail.value!.id)} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Table
          title="Evacuations"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={state.value.list}
          onRowClick={(_e, row) => row && setSelected(row.id)}
          emptyContent={<Typography style={{ padding: 16 }}>No cell was evacuated yet.</Typography>}
        />
      </Grid>
    </Grid>
  );
}
