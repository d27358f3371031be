import { useState } from 'react';
import { Box, Tab, Tabs } from '@material-ui/core';
import { AlertsView } from './alerts/AlertsView';
import { DashboardView } from './dashboard/DashboardView';
import { TracesView } from './traces/TracesView';

/**
 * Observability of one app: its dashboards (Reporter and up), its alert thresholds with their
 * history (edited by Owners and Masters), and its traces, topology and endpoints from SkyWalking.
 *
 * @public
 */
export function AppObservability(props: { app: string }) {
  const [tab, setTab] = useState(0);
  return (
    <Box>
      <Tabs value={tab} onChange={(_, v) => setTab(v)} indicatorColor="primary">
        <Tab label="Dashboards" />
        <Tab label="Alerts" />
        <Tab label="Traces and topology" />
      </Tabs>
      <Box mt={2}>
        {tab === 0 && <DashboardView app={props.app} />}
        {tab === 1 && <AlertsView app={props.app} />}
        {tab === 2 && <TracesView app={props.app} />}
      </Box>
    </Box>
  );
}
