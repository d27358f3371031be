import { useState } from 'react';
import { LogViewer, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { PodSummary } from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  TextField,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../../api';

/** How often a followed log is fetched again. */
export const LOG_FOLLOW_POLL_MS = 2000;

/** How many lines the viewer asks for. */
export const LOG_TAIL_LINES = 2000;

function PodLog(props: { app: string; pod: PodSummary; pollMs?: number }) {
  const { app, pod } = props;
  const api = useApi(cellsApiRef);
  const [container, setContainer] = useState(pod.containers[0] ?? '');
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);

  const log = useAsyncRetry(
    () =>
      api.getPodLog(app, pod.cell, pod.name, {
        container: container || undefined,
        previous,
        tailLines: LOG_TAIL_LINES,
      }),
    [api, app, pod.cell, pod.name, container, previous],
  );
  useInterval(
    log.retry,
    follow && !previous ? props.pollMs ?? LOG_FOLLOW_POLL_MS : null,
  );

  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        {pod.containers.length > 1 && (
          <TextField
            id="log-container"
            select
            label="Container"
            value={container}
            onChange={e => setContainer(e.target.value)}
            SelectProps={{ native: true }}
            margin="dense"
          >
            {pod.containers.map(c => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </TextField>
        )}
        <FormControlLabel
          control={
            <Checkbox
              checked={previous}
              onChange={e => setPrevious(e.target.checked)}
            />
          }
          label="Previous container"
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={follow}
              disabled={previous}
              onChange={e => setFollow(e.target.checked)}
            />
          }
          label="Follow"
        />
      </Box>
      {log.error && (
        <Alert severity="error" data-testid="log-error">
          {log.error.message}
        </Alert>
      )}
      {log.loading && log.value === undefined && <Progress />}
      <Box height="60vh" mt={1}>
        <LogViewer text={log.value ?? ''} />
      </Box>
    </>
  );
}

/**
 * A pod's log in the LogViewer: container choice, the previous (crashed) container, and follow
 * (the last {@link LOG_TAIL_LINES} lines fetched again every {@link LOG_FOLLOW_POLL_MS}).
 */
export function PodLogDialog(props: {
  app: string;
  pod?: PodSummary;
  onClose(): void;
  pollMs?: number;
}) {
  const { app, pod } = props;
  return (
    <Dialog open={Boolean(pod)} onClose={props.onClose} fullWidth maxWidth="lg">
      <DialogTitle>
        Log of {pod?.name} ({pod?.cell})
      </DialogTitle>
      <DialogContent>
        {pod && (
          <PodLog
            key={`${pod.cell}/${pod.name}`}
            app={app}
            pod={pod}
            pollMs={props.pollMs}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
