import { useEffect, useRef, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { slbApiRef } from '@cellport/plugin-slb-react';
import {
  App,
  Release,
  ReleaseStepPlan,
  startReleaseRequestSchema,
  StartReleaseRequest,
} from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  LinearProgress,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { cellsApiRef } from '../../../api';
import { useBusy } from '../../shared/useBusy';
import { defaultPlan, planProblems } from './plan';
import { PlanEditor } from './PlanEditor';
import {
  defaultReleaseVersion,
  servedEverywhere,
  startBlockedReason,
} from './releaseStart';

/** Props of {@link StartReleaseDialog}. */
export interface StartReleaseDialogProps {
  open: boolean;
  app: App;
  /** The version to preselect; default: the newest one the cells do not all serve yet. */
  version?: string;
  /** The app's live release, if any: no other may start meanwhile. */
  liveRelease?: Release;
  onClose(): void;
  onStarted(release: Release): void;
}

/** Problems of a request: the plan's own checks, then the backend schema's messages. */
export function releaseRequestProblems(request: StartReleaseRequest): string[] {
  const problems = planProblems(request);
  const parsed = startReleaseRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path
        .map(p => (typeof p === 'number' ? p + 1 : String(p)))
        .join(' ');
      const text = where ? `${where}: ${issue.message}` : issue.message;
      if (!problems.includes(text)) {
        problems.push(text);
      }
    }
  }
  return problems;
}

/**
 * Starts a release: the version, the plan (default: a one-replica canary in the first cell, then
 * every cell at 100%) and what a failed gate does.
 */
export function StartReleaseDialog(props: StartReleaseDialogProps) {
  const { open, app } = props;
  const api = useApi(cellsApiRef);
  const cellsKey = app.cells.map(c => c.cell).join(',');
  const cells = cellsKey ? cellsKey.split(',') : [];
  const versions = useAsync(
    async () => (open ? api.listVersions(app.name) : undefined),
    [api, app.name, open],
  );
  const gateSources = useAsync(
    async () =>
      open ? api.listGateSources().catch((): string[] => []) : undefined,
    [api, open],
  );
  // the traffic share needs a load balancer applying it: offered when the app has a domain (a
  // portal without the slb plugin has no slb API, and its steps follow the replicas)
  const slb = useApiHolder().get(slbApiRef);
  const domains = useAsync(
    async () =>
      open && slb ? slb.listDomains(app.name).catch(() => []) : undefined,
    [slb, app.name, open],
  );
  const trafficShare = (domains.value?.length ?? 0) > 0;
  const errorRef = useRef<HTMLDivElement>(null);
  const [version, setVersion] = useState('');
  const [steps, setSteps] = useState<ReleaseStepPlan[]>([]);
  const [onFailure, setOnFailure] = useState<'rollback' | 'pause'>('rollback');
  const { busy, error, setError, run } = useBusy();

  useEffect(() => {
    if (!open || !versions.value || !gateSources.value) {
      return;
    }
    setVersion(defaultReleaseVersion(app, versions.value, props.version));
    setSteps(
      defaultPlan(cellsKey ? cellsKey.split(',') : [], {
        prometheus: gateSources.value.includes('prometheus'),
      }),
    );
    setOnFailure('rollback');
    setError(undefined);
    // the app's cells are part of cellsKey; the app object itself changes at every poll
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    open,
    versions.value,
    gateSources.value,
    props.version,
    cellsKey,
    setError,
  ]);

  // a refusal shows at the top of the dialog, where the eye is, and scrolls into view
  useEffect(() => {
    if (error) {
      errorRef.current?.scrollIntoView?.({ block: 'nearest' });
    }
  }, [error]);

  const blocked = startBlockedReason(props.liveRelease);
  const request: StartReleaseRequest = { version, steps, onFailure };
  const problems = versions.value ? releaseRequestProblems(request) : [];
  const releasable = (versions.value ?? []).filter(
    v => !servedEverywhere(app, v.name),
  );

  const submit = () =>
    run(async () => {
      const release = await api.startRelease(app.name, request);
      props.onStarted(release);
    });

  return (
    <Dialog open={open} onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>Start a release of {app.name}</DialogTitle>
      <DialogContent>
        <div ref={errorRef}>
          {blocked && (
            <Box mb={2}>
              <Alert severity="warning" data-testid="start-release-blocked">
                {blocked}
              </Alert>
            </Box>
          )}
          {error && (
            <Box mb={2}>
              <Alert severity="error" data-testid="start-release-error">
                {error}
              </Alert>
            </Box>
          )}
        </div>
        {versions.loading && <Progress />}
        {versions.error && (
          <Alert severity="error">
            Could not load the versions: {versions.error.message}
          </Alert>
        )}
        {versions.value && versions.value.length === 0 && (
          <Alert severity="info">
            The app has no version yet: create one first.
          </Alert>
        )}
        {versions.value &&
          versions.value.length > 0 &&
          releasable.length === 0 && (
            <Alert severity="info" data-testid="nothing-to-release">
              Every cell serves {app.currentVersion} already: create a new
              version to release.
            </Alert>
          )}
        {versions.value && releasable.length > 0 && (
          <>
            <Grid container spacing={2}>
              <Grid item xs={12} sm={6}>
                <TextField
                  id="release-version"
                  select
                  label="Version"
                  value={version}
                  onChange={e => setVersion(e.target.value)}
                  SelectProps={{ native: true }}
                  margin="dense"
                  variant="outlined"
                  fullWidth
                  disabled={busy}
                  helperText={
                    app.currentVersion
                      ? `The app serves ${app.currentVersion} now`
                      : 'The app serves no version yet'
                  }
                >
                  {versions.value.map(v => (
                    <option
                      key={v.name}
                      value={v.name}
                      disabled={servedEverywhere(app, v.name)}
                    >
                      {v.name} ({v.spec.image})
                      {servedEverywhere(app, v.name) ? ' — serving now' : ''}
                    </option>
                  ))}
                </TextField>
              </Grid>
              <Grid item xs={12} sm={6}>
                <TextField
                  id="release-on-failure"
                  select
                  label="When a gate fails"
                  value={onFailure}
                  onChange={e =>
                    setOnFailure(e.target.value as 'rollback' | 'pause')
                  }
                  SelectProps={{ native: true }}
                  margin="dense"
                  variant="outlined"
                  fullWidth
                  disabled={busy}
                >
                  <option value="rollback">roll the touched cells back</option>
                  <option value="pause">pause (retry or abort by hand)</option>
                </TextField>
              </Grid>
            </Grid>
            <Box mt={2} mb={1}>
              <Typography variant="subtitle1">Plan</Typography>
              <Typography variant="body2" color="textSecondary">
                Every new pod must be Ready within the deadline; metric gates
                are measured while the step bakes. Every cell the plan names
                must reach 100% in some step.
              </Typography>
            </Box>
            <PlanEditor
              steps={steps}
              cells={cells}
              onChange={setSteps}
              disabled={busy}
              trafficShare={trafficShare}
            />
          </>
        )}
        {problems.length > 0 && (
          <Box mt={2}>
            <Alert severity="warning" data-testid="plan-problems">
              {problems.map(p => (
                <div key={p}>{p}</div>
              ))}
            </Alert>
          </Box>
        )}
        {busy && (
          <Box mt={2}>
            <LinearProgress />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={
            !releasable.length ||
            problems.length > 0 ||
            busy ||
            Boolean(blocked)
          }
        >
          Start release
        </Button>
      </DialogActions>
    </Dialog>
  );
}
