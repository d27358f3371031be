import { useState } from 'react';
import { Box, Tab, Tabs } from '@material-ui/core';
import { AlertsView } from './alerts/AlertsView';
import { DashboardView } from './dashboard/DashboardView';

/**
 * Observability of one app: its dashboards (Reporter and up) and its alert thresholds with their
 * history (edited by Owners and Masters).
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
      </Tabs>
      <Box mt={2}>
        {tab === 0 ? <DashboardView app={props.app} /> : <AlertsView app={props.app} />}
      </Box>
    </Box>
  );
}
