import { useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Grid,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import { Alert } from '@material-ui/lab';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { appPermissions, stringifyResourceRef } from '@cellport/plugin-access-common';
import { errorMessage, RelativeTime } from '@cellport/plugin-access-react';
import { ALERT_METRIC_INFO, AlertRule } from '@cellport/plugin-observability-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { observabilityApiRef } from '../../api';
import { RuleDialog } from './RuleDialog';

const useStyles = makeStyles({
  // short words (names, durations, severities, headers) never break inside a word
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
  wrap: { whiteSpace: 'normal !important' as any, minWidth: 200 },
});

/** The app's alert thresholds (editable by Owners and Masters) and the alerts' history. */
export function AlertsView(props: { app: string }) {
  const { app } = props;
  const classes = useStyles();
  const api = useApi(observabilityApiRef);
  const { allowed: canEdit } = usePermission({
    permission: appPermissions.update,
    resourceRef: stringifyResourceRef({ kind: 'app', name: app }),
  });
  const rules = useAsyncRetry(() => api.listAlertRules(app), [api, app]);
  const history = useAsyncRetry(() => api.listAlertHistory(app), [api, app]);
  useInterval(() => history.retry(), 15_000);
  const [editing, setEditing] = useState<AlertRule | 'new'>();
  const [actionError, setActionError] = useState<unknown>();

  const remove = async (rule: AlertRule) => {
    setActionError(undefined);
    try {
      await api.deleteAlertRule(app, rule.id);
      rules.retry();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Card variant="outlined">
          <CardHeader
            title="Alert thresholds"
            subheader="Owners and Masters are notified when a threshold is exceeded for its duration, and when it resolves."
            action={
              canEdit && (
                <Button color="primary" variant="contained" onClick={() => setEditing('new')}>
                  New alert
                </Button>
              )
            }
          />
          <CardContent>
            {rules.error && <Alert severity="error">{errorMessage(rules.error)}</Alert>}
            {Boolean(actionError) && <Alert severity="error">{errorMessage(actionError)}</Alert>}
            {rules.value && !rules.value.status.loaded && (
              <Alert severity="warning">
                Prometheus has not loaded these rules yet: {rules.value.status.message}
              </Alert>
            )}
            {rules.loading && !rules.value && <Progress />}
            {rules.value && (
              <Table size="small" className={classes.table}>
                <TableHead>
                  <TableRow>
                    <TableCell>Name</TableCell>
                    <TableCell>Metric</TableCell>
                    <TableCell>Fires above</TableCell>
                    <TableCell>For</TableCell>
                    <TableCell>Severity</TableCell>
                    <TableCell>Changed</TableCell>
                    {canEdit && <TableCell />}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rules.value.items.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={7}>
                        <Typography color="textSecondary">No alert thresholds yet.</Typography>
                      </TableCell>
                    </TableRow>
                  )}
                  {rules.value.items.map(rule => (
                    <TableRow key={rule.id}>
                      <TableCell>{rule.name}</TableCell>
                      <TableCell className={classes.wrap}>{ALERT_METRIC_INFO[rule.metric].title}</TableCell>
                      <TableCell>{rule.threshold}</TableCell>
                      <TableCell>{rule.for}</TableCell>
                      <TableCell>{rule.severity}</TableCell>
                      <TableCell>
                        <RelativeTime value={rule.updatedAt} />
                      </TableCell>
                      {canEdit && (
                        <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
                          <Tooltip title="Edit">
                            <IconButton size="small" aria-label={`Edit ${rule.name}`} onClick={() => setEditing(rule)}>
                              <EditIcon fontSize="small" />
                            </IconButton>
                          </Tooltip>
                          <Tooltip title="Delete">
                            <IconButton size="small" aria-label={`Delete ${rule.name}`} onClick={() => remove(rule)}>
                              <DeleteIcon fontSize="small" />
                            </IconButton>
                          </Tooltip>
                        </TableCell>
                      )}
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
          <CardHeader title="Alert history" />
          <CardContent>
            {history.error && <Alert severity="error">{errorMessage(history.error)}</Alert>}
            {history.value && (
              <Table size="small" className={classes.table}>
                <TableHead>
                  <TableRow>
                    <TableCell>State</TableCell>
                    <TableCell>Alert</TableCell>
                    <TableCell>Summary</TableCell>
                    <TableCell>Since</TableCell>
                    <TableCell>Received</TableCell>
                    <TableCell>Owners notified</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {history.value.items.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={6}>
                        <Typography color="textSecondary">No alert has fired yet.</Typography>
                      </TableCell>
                    </TableRow>
                  )}
                  {history.value.items.map(event => (
                    <TableRow key={event.id}>
                      <TableCell>
                        <Chip
                          size="small"
                          label={event.status}
                          color={event.status === 'firing' ? 'secondary' : 'default'}
                        />
                      </TableCell>
                      <TableCell>{event.ruleName ?? event.labels.alertname}</TableCell>
                      <TableCell className={classes.wrap}>{event.summary}</TableCell>
                      <TableCell>
                        <RelativeTime value={event.status === 'resolved' ? event.endsAt : event.startsAt} />
                      </TableCell>
                      <TableCell>
                        <RelativeTime value={event.receivedAt} />
                      </TableCell>
                      <TableCell>
                        <RelativeTime value={event.notifiedAt} empty="not yet" />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </Grid>
      {editing && (
        <RuleDialog
          rule={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSave={async input => {
            if (editing === 'new') {
              await api.createAlertRule(app, input);
            } else {
              await api.updateAlertRule(app, editing.id, input);
            }
            setEditing(undefined);
            rules.retry();
          }}
        />
      )}
    </Grid>
  );
}
