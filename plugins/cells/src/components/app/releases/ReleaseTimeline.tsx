import {
  FINAL_RELEASE_STATES,
  type GateStatus,
  Release,
  ReleaseActionRequest,
  ReleaseEvent,
  ReleaseStep,
} from '@cellport/plugin-cells-common';
import {
  Box,
  Chip,
  LinearProgress,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import { useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { dateTime } from '../../shared/format';
import { StateLabel } from '../../shared/StateLabel';
import { GateChart } from './GateChart';
import { canaryText } from './plan';
import { ReleaseActionButtons } from './ReleaseActionButtons';
import { bakeSecondsLeft, shownGate, shownStepState } from './releaseDisplay';

/** Props of {@link ReleaseTimeline}. */
export interface ReleaseTimelineProps {
  release: Release;
  events: ReleaseEvent[];
  /** The user may manage the app's releases (shows the action buttons). */
  canManage: boolean;
  busy?: boolean;
  /** The last action's failure. */
  error?: string;
  onAction(request: ReleaseActionRequest): void;
}

/** Short columns (step, cell, event type) never break inside a word. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function formatValue(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) {
    return 'no value';
  }
  return Math.abs(value) >= 100 || value === 0
    ? String(Math.round(value * 100) / 100)
    : value.toPrecision(3);
}

function Measurements({ gate, step }: { gate: GateStatus; step: ReleaseStep }) {
  const all = gate.measurements ?? [];
  const last = all.slice(-3);
  if (last.length === 0) {
    return <>—</>;
  }
  const planned = step.plan.metrics.find(m => m.name === gate.name);
  if (gate.kind === 'metric' && planned) {
    return <GateChart gate={planned} measurements={all} />;
  }
  return (
    <>
      {last.map(m => (
        <Typography
          key={`${m.at}-${m.cell}`}
          variant="caption"
          display="block"
          color={m.phase === 'failed' ? 'error' : 'textPrimary'}
          title={m.message ?? dateTime(m.at)}
        >
          {m.cell}: {formatValue(m.value)} ({m.phase})
        </Typography>
      ))}
    </>
  );
}

function stepProgress(step: ReleaseStep): number | undefined {
  if (step.gates.length === 0) {
    return undefined;
  }
  const done = step.gates.filter(g => g.phase === 'successful').length;
  return Math.round((done / step.gates.length) * 100);
}

/** "bake 23s left", counting down every second while the step bakes. */
function BakeCountdown(props: { release: Release; step: ReleaseStep }) {
  const [now, setNow] = useState(Date.now());
  const left = bakeSecondsLeft(props.release, props.step, now);
  useInterval(() => setNow(Date.now()), left === undefined ? null : 1000);
  if (left === undefined) {
    return null;
  }
  return (
    <Chip
      size="small"
      color="primary"
      variant="outlined"
      data-testid={`bake-countdown-${props.step.index}`}
      label={left > 0 ? `bake ${left}s left` : 'bake done, gates finishing'}
    />
  );
}

function StepCard(props: {
  release: Release;
  step: ReleaseStep;
  current: boolean;
}) {
  const { step, release } = props;
  const live = !FINAL_RELEASE_STATES.includes(release.state);
  const current = props.current && live;
  const { plan } = step;
  const stepState = shownStepState(release, step);
  const running =
    live && (step.state === 'progressing' || step.state === 'baking');
  const progress = stepProgress(step);
  return (
    <Paper
      variant="outlined"
      style={{ padding: 12, marginBottom: 12 }}
      data-testid={`release-step-${step.index}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle1">Step {step.index + 1}</Typography>
        <StateLabel state={stepState} />
        {current && <Chip size="small" label="current" />}
        <BakeCountdown release={release} step={step} />
        <Typography variant="body2" color="textSecondary">
          cells {plan.cells.join(', ')} · canary {canaryText(plan.canary)} ·
          {plan.trafficPercent !== undefined &&
            ` ${plan.trafficPercent}% of traffic ·`}
          ready within {plan.readyDeadlineSeconds}s · bake {plan.bakeSeconds}s ·{' '}
          {plan.approval === 'manual'
            ? 'waits for approval'
            : 'advances automatically'}
        </Typography>
      </Box>
      {step.targets && (
        <Typography variant="body2">
          Targets:{' '}
          {Object.entries(step.targets)
            .map(([cell, n]) => `${cell} → ${n}`)
            .join(', ')}
        </Typography>
      )}
      {(step.startedAt || step.finishedAt) && (
        <Typography variant="caption" color="textSecondary">
          {step.startedAt && (
            <>
              started <RelativeTime value={step.startedAt} />
            </>
          )}
          {step.finishedAt && (
            <>
              {' '}
              · finished <RelativeTime value={step.finishedAt} />
            </>
          )}
        </Typography>
      )}
      {running && (
        <Box my={1}>
          <LinearProgress
            variant={progress === undefined ? 'indeterminate' : 'determinate'}
            value={progress}
            aria-label={`Step ${step.index + 1} progress`}
          />
        </Box>
      )}
      {step.gates.length > 0 && (
        <Box style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={`Gates of step ${step.index + 1}`}>
            <TableHead>
              <TableRow>
                <TableCell style={NO_WRAP}>Gate</TableCell>
                <TableCell style={NO_WRAP}>Phase</TableCell>
                <TableCell>Message</TableCell>
                <TableCell style={NO_WRAP}>Threshold</TableCell>
                <TableCell style={NO_WRAP}>Failed / no data</TableCell>
                <TableCell style={NO_WRAP}>Measurements</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {step.gates.map(gate => {
                const shown = shownGate(release, step, gate);
                return (
                  <TableRow key={`${gate.kind}-${gate.name}`}>
                    <TableCell style={NO_WRAP}>
                      {gate.name}
                      <Typography variant="caption" display="block">
                        {gate.kind}
                      </Typography>
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      <StateLabel state={shown.phase} />
                    </TableCell>
                    <TableCell
                      style={{ overflowWrap: 'anywhere', minWidth: 160 }}
                    >
                      {shown.message ?? '—'}
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      {gate.threshold ?? '—'}
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      {gate.kind === 'metric'
                        ? `${gate.failed ?? 0} / ${gate.inconclusive ?? 0}`
                        : '—'}
                    </TableCell>
                    <TableCell>
                      <Measurements gate={gate} step={step} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      )}
    </Paper>
  );
}

const reasonSeverity = (release: Release) => {
  switch (release.state) {
    case 'succeeded':
      return 'success';
    case 'rolled-back':
    case 'failed':
      return 'error';
    case 'paused':
    case 'rolling-back':
      return 'warning';
    default:
      return 'info';
  }
};

/**
 * One release: its state and reason, the actions that fit (for users who may manage releases),
 * every step with its cells, targets, progress and gates (phase, message, threshold, last
 * measurements), and the timeline of events.
 */

export function ReleaseTimeline(props: ReleaseTimelineProps) {
  const { release, events } = props;
  const from = Object.entries(release.fromVersions)
    .map(([cell, v]) => `${cell}: ${v ?? 'none'}`)
    .join(', ');
  return (
    <Box data-testid="release-timeline">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6">Release of {release.version}</Typography>
        <StateLabel state={release.state} />
        <Typography variant="body2" color="textSecondary">
          from {from || '—'} · started by{' '}
          <UserDisplay entityRef={release.createdBy} hideAvatar />{' '}
          <RelativeTime value={release.createdAt} />
          {release.finishedAt && (
            <>
              {' '}
              · finished <RelativeTime value={release.finishedAt} />
            </>
          )}
          {` · on failure: ${
            release.onFailure === 'pause' ? 'pause' : 'roll back'
          }`}
        </Typography>
      </Box>
      {release.reason && (
        <Box my={1}>
          <Alert
            severity={reasonSeverity(release)}
            data-testid="release-reason"
          >
            {release.reason}
          </Alert>
        </Box>
      )}
      {release.skippedCells.length > 0 && (
        <Box my={1}>
          <Typography variant="body2" component="span">
            Skipped cells (left on their old version):{' '}
          </Typography>
          {release.skippedCells.map(c => (
            <Chip key={c} size="small" label={c} />
          ))}
        </Box>
      )}
      <Box my={1}>
        <ReleaseActionButtons
          release={release}
          canManage={props.canManage}
          busy={props.busy}
          onAction={props.onAction}
        />
      </Box>
      {props.error && (
        <Box my={1}>
          <Alert severity="error" data-testid="release-action-error">
            {props.error}
          </Alert>
        </Box>
      )}
      {release.steps.map(step => (
        <StepCard
          key={step.index}
          release={release}
          step={step}
          current={step.index === release.currentStep}
        />
      ))}
      <Typography variant="subtitle1">Timeline</Typography>
      <Table size="small" aria-label="Release timeline">
        <TableHead>
          <TableRow>
            <TableCell>Time</TableCell>
            <TableCell style={NO_WRAP}>Step</TableCell>
            <TableCell style={NO_WRAP}>Cell</TableCell>
            <TableCell>Event</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>By</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>No events yet.</TableCell>
            </TableRow>
          )}
          {events.map(e => (
            <TableRow key={e.id}>
              <TableCell style={NO_WRAP}>
                <RelativeTime value={e.at} />
              </TableCell>
              <TableCell>{e.step === undefined ? '—' : e.step + 1}</TableCell>
              <TableCell style={NO_WRAP}>{e.cell ?? '—'}</TableCell>
              <TableCell style={NO_WRAP}>{e.type}</TableCell>
              <TableCell>{e.message}</TableCell>
              <TableCell style={NO_WRAP}>
                {e.actor ? <UserDisplay entityRef={e.actor} hideAvatar /> : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
