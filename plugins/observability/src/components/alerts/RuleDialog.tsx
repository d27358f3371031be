import { useState } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import { FormDialog } from '@cellport/plugin-access-react';
import {
  ALERT_METRIC_INFO,
  ALERT_METRICS,
  AlertMetric,
  AlertRule,
  AlertRuleInput,
} from '@cellport/plugin-observability-common';

/** Props of {@link RuleDialog}. */
export interface RuleDialogProps {
  /** The rule to edit; a new rule when absent. */
  rule?: AlertRule;
  onClose(): void;
  /** Saves; a thrown error is shown in the dialog (the server's message). */
  onSave(input: AlertRuleInput): Promise<void>;
}

/** Add or edit an alert threshold: metric, threshold, duration, severity and summary. */
export function RuleDialog(props: RuleDialogProps) {
  const { rule, onClose, onSave } = props;
  const [name, setName] = useState(rule?.name ?? '');
  const [metric, setMetric] = useState<AlertMetric>(rule?.metric ?? 'errorRatio');
  const [threshold, setThreshold] = useState(String(rule?.threshold ?? '0.05'));
  const [duration, setDuration] = useState(rule?.for ?? '2m');
  const [severity, setSeverity] = useState<'warning' | 'critical'>(rule?.severity ?? 'warning');
  const [summary, setSummary] = useState(rule?.summary ?? '');

  const save = () =>
    onSave({
      name,
      metric,
      threshold: Number(threshold),
      for: duration,
      severity,
      ...(summary ? { summary } : {}),
    });

  return (
    <FormDialog
      open
      title={rule ? `Edit alert '${rule.name}'` : 'New alert'}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={save}
      invalid={!name}
    >
        <TextField
          id="rule-name"
          label="Name"
          value={name}
          onChange={e => setName(e.target.value)}
          fullWidth
          margin="dense"
          helperText="Lowercase letters, digits and dashes"
        />
        <TextField
          select
          id="rule-metric"
          label="Metric"
          value={metric}
          onChange={e => setMetric(e.target.value as AlertMetric)}
          fullWidth
          margin="dense"
        >
          {ALERT_METRICS.map(m => (
            <MenuItem key={m} value={m}>
              {ALERT_METRIC_INFO[m].title}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="rule-threshold"
          label={`Fires above (${ALERT_METRIC_INFO[metric].unit})`}
          value={threshold}
          onChange={e => setThreshold(e.target.value)}
          type="number"
          fullWidth
          margin="dense"
        />
        <TextField
          id="rule-for"
          label="For at least"
          value={duration}
          onChange={e => setDuration(e.target.value)}
          fullWidth
          margin="dense"
          helperText="A duration like 30s, 5m or 1h"
        />
        <TextField
          select
          id="rule-severity"
          label="Severity"
          value={severity}
          onChange={e => setSeverity(e.target.value as 'warning' | 'critical')}
          fullWidth
          margin="dense"
        >
          <MenuItem value="warning">Warning</MenuItem>
          <MenuItem value="critical">Critical</MenuItem>
        </TextField>
        <TextField
          id="rule-summary"
          label="Summary (optional)"
          value={summary}
          onChange={e => setSummary(e.target.value)}
          fullWidth
          margin="dense"
          helperText="A Prometheus template, e.g. error ratio {{ $value | humanizePercentage }}"
        />
    </FormDialog>
  );
}
