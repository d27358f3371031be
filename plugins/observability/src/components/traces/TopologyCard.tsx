import { Card, CardContent, CardHeader, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { DependencyGraph, DependencyGraphTypes, Progress } from '@backstage/core-components';
import { errorMessage } from '@cellport/plugin-access-react';
import type { SkyWalkingTopology } from '@cellport/plugin-observability-common';

const fmt = (v: number | null, unit: string) => (v === null ? '–' : `${Math.round(v)} ${unit}`);

/** The service topology around the app: callers and callees, call rate and latency on the edges. */
export function TopologyCard(props: { topology?: SkyWalkingTopology; error?: unknown; loading: boolean }) {
  const { topology, error, loading } = props;
  return (
    <Card variant="outlined" data-testid="topology">
      <CardHeader title="Service topology" subheader="Callers and callees; calls per minute and average latency on each edge" />
      <CardContent>
        {Boolean(error) && <Alert severity="error">{errorMessage(error)}</Alert>}
        {loading && !topology && <Progress />}
        {topology && topology.calls.length === 0 && (
          <Typography color="textSecondary">
            No calls to or from {topology.service} in this time range: its versions report traces once they set
            SW_AGENT_COLLECTOR_BACKEND_SERVICES.
          </Typography>
        )}
        {topology && topology.calls.length > 0 && (
          <DependencyGraph
            nodes={topology.nodes.map(n => ({ id: n.name }))}
            edges={topology.calls.map(c => ({
              from: c.source,
              to: c.target,
              label: `${fmt(c.cpm, 'cpm')} · ${fmt(c.respTimeMs, 'ms')}`,
            }))}
            direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
            labelPosition={DependencyGraphTypes.LabelPosition.RIGHT}
            paddingX={40}
            paddingY={20}
            rankMargin={120}
            fit="contain"
            zoom="disabled"
            showArrowHeads
            style={{ width: '100%', height: 240 }}
          />
        )}
      </CardContent>
    </Card>
  );
}
