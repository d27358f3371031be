import type { ReleaseStepPlan } from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  Grid,
  Paper,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { TextInput } from '../../shared/TextInput';
import { GateEditor } from './GateEditor';
import { blankMetricGate, METRIC_GATE_PRESETS } from './plan';
import { Select, toNumber } from './planFields';

/** A step with its traffic share set from the field's text (blank: no share). */
export function withTrafficPercent(
  step: ReleaseStepPlan,
  text: string,
): ReleaseStepPlan {
  const { trafficPercent: _, ...rest } = step;
  return text.trim() === ''
    ? rest
    : { ...rest, trafficPercent: toNumber(text) };
}

/** Edits one step of a release plan: its cells, canary size, timings, approval and gates. */
export function StepEditor(props: {
  index: number;
  step: ReleaseStepPlan;
  cells: string[];
  onChange(step: ReleaseStepPlan): void;
  onRemove?: () => void;
  disabled?: boolean;
  trafficShare?: boolean;
}) {
  const { index, step, cells, disabled } = props;
  const id = `step-${index}`;
  const set = (patch: Partial<ReleaseStepPlan>) =>
    props.onChange({ ...step, ...patch });
  const canaryKind = 'replicas' in step.canary ? 'replicas' : 'percent';
  const canaryValue =
    'replicas' in step.canary ? step.canary.replicas : step.canary.percent;

  return (
    <Paper variant="outlined" style={{ padding: 12, marginBottom: 12 }}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle1">Step {index + 1}</Typography>
        {props.onRemove && (
          <Button
            size="small"
            onClick={props.onRemove}
            disabled={disabled}
            aria-label={`Remove step ${index + 1}`}
          >
            Remove step
          </Button>
        )}
      </Box>
      <Typography variant="caption" color="textSecondary">
        Cells (cells left out are not touched by this step)
      </Typography>
      <FormGroup row>
        {cells.map(cell => (
          <FormControlLabel
            key={cell}
            control={
              <Checkbox
                checked={step.cells.includes(cell)}
                disabled={disabled}
                onChange={e =>
                  set({
                    cells: e.target.checked
                      ? cells.filter(c => c === cell || step.cells.includes(c))
                      : step.cells.filter(c => c !== cell),
                  })
                }
                inputProps={{ 'aria-label': `Step ${index + 1} cell ${cell}` }}
              />
            }
            label={cell}
          />
        ))}
      </FormGroup>
      <Grid container spacing={1}>
        <Grid item xs={6} sm={2}>
          <Select
            id={`${id}-canary-kind`}
            label="Canary size"
            value={canaryKind}
            options={[
              ['replicas', 'replicas'],
              ['percent', 'percent'],
            ]}
            onChange={kind =>
              set({
                canary:
                  kind === 'replicas' ? { replicas: 1 } : { percent: 100 },
              })
            }
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={6} sm={2}>
          <TextInput
            id={`${id}-canary-value`}
            label={canaryKind === 'replicas' ? 'Replicas' : 'Percent'}
            type="number"
            value={String(canaryValue)}
            onChange={v =>
              set({
                canary:
                  canaryKind === 'replicas'
                    ? { replicas: toNumber(v) }
                    : { percent: toNumber(v) },
              })
            }
            disabled={disabled}
          />
        </Grid>
        {props.trafficShare && (
          <Grid item xs={6} sm={2}>
            <TextInput
              id={`${id}-traffic-percent`}
              label="Traffic %"
              type="number"
              value={
                step.trafficPercent === undefined
                  ? ''
                  : String(step.trafficPercent)
              }
              onChange={v => props.onChange(withTrafficPercent(step, v))}
              helperText="of requests; blank: by replicas"
              disabled={disabled}
            />
          </Grid>
        )}
        <Grid item xs={6} sm={2}>
          <TextInput
            id={`${id}-ready-deadline`}
            label="Ready within s"
            type="number"
            value={String(step.readyDeadlineSeconds)}
            onChange={v => set({ readyDeadlineSeconds: toNumber(v) })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={6} sm={2}>
          <TextInput
            id={`${id}-bake`}
            label="Bake s"
            type="number"
            value={String(step.bakeSeconds)}
            onChange={v => set({ bakeSeconds: toNumber(v) })}
            disabled={disabled}
          />
        </Grid>
        {/* 4 columns: "advance automatically" in full; with Traffic % both wrap to a second row */}
        <Grid item xs={6} sm={4}>
          <Select
            id={`${id}-approval`}
            label="Then"
            value={step.approval}
            options={[
              ['auto', 'advance automatically'],
              ['manual', 'wait for approval'],
            ]}
            onChange={approval =>
              set({ approval: approval as ReleaseStepPlan['approval'] })
            }
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={6} sm={4}>
          <FormControlLabel
            control={
              <Checkbox
                checked={step.noRestarts}
                onChange={e => set({ noRestarts: e.target.checked })}
                disabled={disabled}
              />
            }
            label="Fail on restarts"
          />
        </Grid>
      </Grid>
      <Typography variant="caption" color="textSecondary">
        Metric gates (measured while the step bakes)
      </Typography>
      {step.metrics.map((gate, g) => (
        <GateEditor
          key={g}
          id={`${id}-gate-${g}`}
          gate={gate}
          disabled={disabled}
          onChange={next =>
            set({
              metrics: step.metrics.map((m, j) => (j === g ? next : m)),
            })
          }
          onRemove={() =>
            set({ metrics: step.metrics.filter((_, j) => j !== g) })
          }
        />
      ))}
      <Box mt={1}>
        {METRIC_GATE_PRESETS.map(preset => (
          <Tooltip key={preset.label} title={preset.gate.query}>
            <span>
              <Button
                size="small"
                disabled={disabled}
                onClick={() =>
                  set({ metrics: [...step.metrics, { ...preset.gate }] })
                }
              >
                + {preset.label}
              </Button>
            </span>
          </Tooltip>
        ))}
        <Button
          size="small"
          disabled={disabled}
          onClick={() => set({ metrics: [...step.metrics, blankMetricGate()] })}
        >
          + Custom gate
        </Button>
      </Box>
    </Paper>
  );
}
