import type { MetricGate } from '@cellport/plugin-cells-common';
import { Box, Grid, IconButton } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { TextInput } from '../../shared/TextInput';
import { Select, toNumber } from './planFields';

/** Edits one metric gate of a release step: name, comparison, limits and its PromQL query. */
export function GateEditor(props: {
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
