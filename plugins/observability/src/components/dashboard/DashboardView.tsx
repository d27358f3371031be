import { useState } from 'react';
import {
  Button,
  FormControl,
  FormControlLabel,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Switch,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { errorMessage, RelativeTime } from '@cellport/plugin-access-react';
import {
  DASHBOARD_RANGES,
  DashboardRange,
  DashboardSplit,
} from '@cellport/plugin-observability-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { observabilityApiRef } from '../../api';
import { PanelChart } from './PanelChart';

const RANGE_LABELS: Record<DashboardRange, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

const SPLIT_LABELS: Record<DashboardSplit, string> = {
  cell: 'By cell',
  version: 'By version (canary vs stable)',
  cellVersion: 'By cell and version',
  pod: 'By pod and container',
};

/** How often auto-refresh reloads the dashboard. */
export const AUTO_REFRESH_MS = 30_000;

/** The app's dashboard: range, split and auto-refresh controls over a grid of panels. */
export function DashboardView(props: { app: string }) {
  const { app } = props;
  const api = useApi(observabilityApiRef);
  const [range, setRange] = useState<DashboardRange>('1h');
  const [split, setSplit] = useState<DashboardSplit>('cell');
  const [autoRefresh, setAutoRefresh] = useState(true);
  const state = useAsyncRetry(
    () => api.getDashboard(app, { range, split }),
    [api, app, range, split],
  );
  useInterval(() => state.retry(), autoRefresh ? AUTO_REFRESH_MS : null);
  const dashboard = state.value;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
        <FormControl variant="outlined" size="small" style={{ minWidth: 180 }}>
          <InputLabel id="obs-range">Time range</InputLabel>
          <Select
            labelId="obs-range"
            label="Time range"
            value={range}
            onChange={e => setRange(e.target.value as DashboardRange)}
          >
            {Object.keys(DASHBOARD_RANGES).map(r => (
              <MenuItem key={r} value={r}>
                {RANGE_LABELS[r as DashboardRange]}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl variant="outlined" size="small" style={{ minWidth: 240 }}>
          <InputLabel id="obs-split">Series</InputLabel>
          <Select
            labelId="obs-split"
            label="Series"
            value={split}
            onChange={e => setSplit(e.target.value as DashboardSplit)}
          >
            {(Object.keys(SPLIT_LABELS) as DashboardSplit[]).map(s => (
              <MenuItem key={s} value={s}>
                {SPLIT_LABELS[s]}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControlLabel
          control={
            <Switch
              checked={autoRefresh}
              onChange={e => setAutoRefresh(e.target.checked)}
              color="primary"
            />
          }
          label="Auto-refresh (30 s)"
        />
        <Button variant="outlined" onClick={() => state.retry()} disabled={state.loading}>
          Refresh
        </Button>
        {dashboard && (
          <Typography variant="body2" color="textSecondary">
            Updated <RelativeTime value={dashboard.generatedAt} />
          </Typography>
        )}
      </Grid>
      {state.error && (
        <Grid item xs={12}>
          <Alert severity="error">{errorMessage(state.error)}</Alert>
        </Grid>
      )}
      {!dashboard && state.loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {dashboard?.panels.map(panel => (
        <Grid item xs={12} md={6} key={panel.id}>
          <PanelChart panel={panel} start={dashboard.start} end={dashboard.end} />
        </Grid>
      ))}
    </Grid>
  );
}
