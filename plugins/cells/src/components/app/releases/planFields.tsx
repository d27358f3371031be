import { TextField } from '@material-ui/core';

/** The number typed in a field (blank: NaN, which the plan's checks report). */
export const toNumber = (v: string) => (v.trim() === '' ? NaN : Number(v));

/** A native select of the plan editor: `options` are `[value, label]` pairs. */
export function Select(props: {
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
