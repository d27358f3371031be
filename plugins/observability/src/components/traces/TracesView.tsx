import { useState } from 'react';
import {
  Card,
  CardContent,
  CardHeader,
  Chip,
  Grid,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import { errorMessage, RelativeTime } from '@cellport/plugin-access-react';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { TopologyCard } from './TopologyCard';
import { TraceWaterfall } from './TraceWaterfall';

const fmt = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits));

/** The app's SkyWalking view: topology, endpoints and traces (list with filters, detail as a waterfall). */
export function TracesView(props: { app: string }) {
  const { app } = props;
  const api = useApi(observabilityApiRef);
  const range = '15m';
  const [state, setState] = useState<'ALL' | 'SUCCESS' | 'ERROR'>('ALL');
  const [minDuration, setMinDuration] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [traceId, setTraceId] = useState<string>();
  const topology = useAsync(() => api.getTopology(app, range), [api, app]);
  const endpoints = useAsync(() => api.listEndpoints(app, range), [api, app]);
  const traces = useAsync(
    () =>
      api.listTraces(app, {
        range,
        state,
        minDurationMs: /^\d+$/.test(minDuration) ? Number(minDuration) : undefined,
        endpoint: endpoint || undefined,
      }),
    [api, app, state, minDuration, endpoint],
  );
  const trace = useAsync(async () => (traceId ? api.getTrace(app, traceId) : undefined), [api, app, traceId]);

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <TopologyCard topology={topology.value} error={topology.error} loading={topology.loading} />
      </Grid>
      <Grid item xs={12}>
        <Card variant="outlined">
          <CardHeader title="Endpoints" subheader="Last 15 minutes" />
          <CardContent>
            {endpoints.error && <Alert severity="error">{errorMessage(endpoints.error)}</Alert>}
            {endpoints.value && (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    {['Endpoint', 'Calls/min', 'Avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'SLA %'].map(h => (
                      <TableCell key={h} style={{ whiteSpace: 'nowrap' }}>{h}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {endpoints.value.items.map(e => (
                    <TableRow key={e.name}>
                      <TableCell>{e.name}</TableCell>
                      <TableCell>{fmt(e.cpm, 1)}</TableCell>
                      <TableCell>{fmt(e.respTimeMs)}</TableCell>
                      <TableCell>{fmt(e.p50Ms)}</TableCell>
                      <TableCell>{fmt(e.p95Ms)}</TableCell>
                      <TableCell>{fmt(e.p99Ms)}</TableCell>
                      <TableCell>{fmt(e.slaPercent, 2)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </Grid>
      <Grid item xs={12}>
        <Card variant="outlined">
          <CardHeader title="Traces" subheader="Last 15 minutes, newest first" />
          <CardContent>
            <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 16 }}>
              <TextField id="trace-state" select label="State" value={state} size="small" variant="outlined"
                onChange={e => setState(e.target.value as any)} style={{ minWidth: 140 }}>
                <MenuItem value="ALL">All</MenuItem>
                <MenuItem value="SUCCESS">Successful</MenuItem>
                <MenuItem value="ERROR">With errors</MenuItem>
              </TextField>
              <TextField id="trace-min" label="Slower than (ms)" value={minDuration} size="small" variant="outlined"
                onChange={e => setMinDuration(e.target.value)} />
              <TextField id="trace-endpoint" label="Endpoint" value={endpoint} size="small" variant="outlined"
                onChange={e => setEndpoint(e.target.value)} />
            </div>
            {traces.error && <Alert severity="error">{errorMessage(traces.error)}</Alert>}
            {traces.value && traces.value.items.length === 0 && (
              <Typography color="textSecondary">No trace matches in this time range.</Typography>
            )}
            {traces.value && traces.value.items.length > 0 && (
              <Table size="small" data-testid="trace-list">
                <TableHead>
                  <TableRow>
                    <TableCell>Endpoint</TableCell>
                    <TableCell>Duration</TableCell>
                    <TableCell>Started</TableCell>
                    <TableCell>State</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {traces.value.items.slice(0, 20).map(t => (
                    <TableRow key={t.segmentId} hover selected={t.traceId === traceId}
                      style={{ cursor: 'pointer' }} onClick={() => setTraceId(t.traceId)}>
                      <TableCell>{t.endpoint}</TableCell>
                      <TableCell>{t.durationMs} ms</TableCell>
                      <TableCell><RelativeTime value={t.start} /></TableCell>
                      <TableCell>
                        <Chip size="small" label={t.isError ? 'error' : 'ok'} color={t.isError ? 'secondary' : 'default'} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {trace.error && <Alert severity="error">{errorMessage(trace.error)}</Alert>}
            {trace.value && (
              <div style={{ marginTop: 16 }}>
                <Typography variant="h6">Trace {traceId}</Typography>
                <TraceWaterfall spans={trace.value.spans} />
              </div>
            )}
          </CardContent>
        </Card>
      </Grid>
    </Grid>
  );
}
