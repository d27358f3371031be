import type {
  MetricGate,
  ReleaseStepPlan,
} from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  Grid,
  IconButton,
  Paper,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { TextInput } from '../../shared/TextInput';
import { blankMetricGate, METRIC_GATE_PRESETS, newStep } from './plan';

/** Props of {@link PlanEditor}. */
export interface PlanEditorProps {
  steps: ReleaseStepPlan[];
  /** The app's cells, in order. */
  cells: string[];
  onChange(steps: ReleaseStepPlan[]): void;
  disabled?: boolean;
  /**
   * Offer each step's traffic share (the app has a domain on a load balancer that applies it
   * through weights); without it the field is hidden and traffic follows the replicas.
   */
  trafficShare?: boolean;
}

const toNumber = (v: string) => (v.trim() === '' ? NaN : Number(v));

function Select(props: {
  id: string;
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange(value: string): void;
  disabled?: boolean;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      margin="dense"
      variant="outlined"
      fullWidth
      disabled={props.disabled}
    >
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </TextField>
  );
}

function GateEditor(props: {
  id: string;
  gate: MetricGate;
  onChange(gate: MetricGate): void;
  onRemove(): void;
  disabled?: boolean;
}) {
  const { id, gate, disabled } = props;
  const set = (patch: Partial<MetricGate>) =>
    props.onChange({ ...gate, ...patch });
  return (
    <Box mt={1} p={1} border={1} borderColor="divider" borderRadius={4}>
      <Grid container spacing={1} alignItems="center">
        <Grid item xs={11} sm={4}>
          <TextInput
            id={`${id}-name`}
            label="Gate name"
            value={gate.name}
            onChange={name => set({ name })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={4} sm={1}>
          <Select
            id={`${id}-op`}
            label="Op"
            value={gate.op}
            options={['<', '<=', '>', '>='].map(o => [o, o])}
            onChange={op => set({ op: op as MetricGate['op'] })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={4} sm={2}>
          <TextInput
            id={`${id}-threshold`}
            label="Threshold"
            type="number"
            value={String(gate.threshold)}
            onChange={v => set({ threshold: toNumber(v) })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={4} sm={1}>
          <TextInput
            id={`${id}-interval`}
            label="Every s"
            type="number"
            value={String(gate.intervalSeconds)}
            onChange={v => set({ intervalSeconds: toNumber(v) })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={6} sm={2}>
          <TextInput
            id={`${id}-failure-limit`}
            label="Failure limit"
            type="number"
            value={String(gate.failureLimit)}
            onChange={v => set({ failureLimit: toNumber(v) })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={5} sm={1}>
          <TextInput
            id={`${id}-inconclusive-limit`}
            label="Inconcl."
            type="number"
            value={String(gate.inconclusiveLimit)}
            onChange={v => set({ inconclusiveLimit: toNumber(v) })}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={1}>
          <IconButton
            aria-label={`Remove gate ${gate.name || 'unnamed'}`}
            onClick={props.onRemove}
            disabled={disabled}
            size="small"
          >
            <DeleteIcon />
          </IconButton>
        </Grid>
        <Grid item xs={12}>
          <TextInput
            id={`${id}-query`}
            label="Query"
            multiline
            value={gate.query}
            onChange={query => set({ query })}
            helperText="PromQL; {{app}}, {{version}}, {{cell}}, {{namespace}}, {{stableVersion}} are filled in"
            disabled={disabled}
            InputProps={{ style: { fontFamily: 'monospace', fontSize: 12 } }}
          />
        </Grid>
      </Grid>
    </Box>
  );
}

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

function StepEditor(props: {
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

/**
 * Edits a release plan: ordered steps, each with its cells (placement mask), canary size, traffic
 * share (when offered), ready deadline, bake time, approval and metric gates (with presets for the
 * error ratio and p99 latency).
 */
export function PlanEditor(props: PlanEditorProps) {
  const { steps, cells, disabled } = props;
  return (
    <>
      {steps.map((step, i) => (
        <StepEditor
          key={i}
          index={i}
          step={step}
          cells={cells}
          disabled={disabled}
          trafficShare={props.trafficShare}
          onChange={next =>
            props.onChange(steps.map((s, j) => (j === i ? next : s)))
          }
          onRemove={
            steps.length > 1
              ? () => props.onChange(steps.filter((_, j) => j !== i))
              : undefined
          }
        />
      ))}
      <Button
        size="small"
        variant="outlined"
        disabled={disabled}
        onClick={() =>
          props.onChange([...steps, newStep([...cells], { percent: 100 })])
        }
      >
        Add step
      </Button>
    </>
  );
}
