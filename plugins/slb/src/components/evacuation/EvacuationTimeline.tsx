/** One evacuation: its state, its plan and its timeline, refreshed while it runs. */
import { InfoCard } from '@backstage/core-components';
import { Box, Button, Chip, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import { Evacuation } from '@cellport/plugin-slb-common';
import { PlanTable } from './PlanTable';

const levelColor = { info: 'textPrimary', warning: 'textSecondary', error: 'error' } as const;

/** The state as a chip. */
export function StateChip(props: { state: Evacuation['state'] }) {
  let color: 'default' | 'primary' | 'secondary' = 'primary';
  if (props.state === 'failed') color = 'secondary';
  if (props.state === 'restored') color = 'default';
  return <Chip size="small" label={props.state} color={color} />;
}

/** The evacuation's timeline and plan, with the un-evacuate action. */
export function EvacuationTimeline(props: {
  evacuation: Evacuation;
  onRestore: () => void;
  busy: boolean;
  error?: string;
}) {
  const ev = props.evacuation;
  const restorable = ev.state === 'evacuated' || ev.state === 'failed';
  return (
    <InfoCard title={`Evacuation of ${ev.cell}`} subheader={`${ev.trigger === 'automatic' ? 'Automatic' : 'Manual'} · ${ev.reason}`}>
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }} mb={2}>
        <StateChip state={ev.state} />
        <Typography variant="body2">
          started by {ev.createdBy.startsWith('user:') ? <UserDisplay entityRef={ev.createdBy} hideAvatar /> : ev.createdBy}{' '}
          <RelativeTime value={ev.createdAt} />
        </Typography>
        {ev.restoreRequestedBy && (
          <Typography variant="body2">
            un-evacuation by <UserDisplay entityRef={ev.restoreRequestedBy} hideAvatar />
          </Typography>
        )}
        {restorable && (
          <Button variant="contained" color="primary" disabled={props.busy} onClick={props.onRestore}>
            Un-evacuate {ev.cell}
          </Button>
        )}
      </Box>
      {props.error && <Alert severity="error" style={{ marginBottom: 16 }}>{props.error}</Alert>}
      {ev.error && <Alert severity="error" style={{ marginBottom: 16 }}>{ev.error}</Alert>}
      <Typography variant="h6">Timeline</Typography>
      <Box component="ol" pl={2} mb={2} aria-label="Timeline">
        {ev.events.map((e, i) => (
          <li key={i}>
            <Typography variant="body2" color={levelColor[e.level]}>
              <RelativeTime value={e.at} /> · <strong>{e.step}</strong> · {e.message}
            </Typography>
          </li>
        ))}
      </Box>
      <PlanTable plan={ev.plan} title="Plan" />
    </InfoCard>
  );
}
