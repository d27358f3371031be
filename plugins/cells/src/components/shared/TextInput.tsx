import { TextField, TextFieldProps } from '@material-ui/core';

/**
 * A dense outlined text field whose label is tied to its input (an `id` is required), showing
 * `error` instead of the helper text when there is one.
 */
export function TextInput(
  props: Omit<TextFieldProps, 'error' | 'onChange' | 'variant'> & {
    id: string;
    error?: string;
    onChange(value: string): void;
  },
) {
  const { error, helperText, onChange, ...rest } = props;
  return (
    <TextField
      margin="dense"
      variant="outlined"
      fullWidth
      {...rest}
      onChange={e => onChange(e.target.value)}
      error={Boolean(error)}
      helperText={error ?? helperText}
    />
  );
}
