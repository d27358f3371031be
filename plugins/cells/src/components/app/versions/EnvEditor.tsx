import { Button, Grid, IconButton } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { TextInput } from '../../shared/TextInput';

/** One environment variable of the form. */
export type EnvEntry = { name: string; value: string };

/**
 * The container's environment variables: a name and a value per row, a row removed with its
 * delete button, one added with "Add variable". `errors` are keyed `spec.env.<i>.name|value`.
 */
export function EnvEditor(props: {
  env: EnvEntry[];
  errors: Record<string, string>;
  onChange(env: EnvEntry[]): void;
}) {
  const { env, errors, onChange } = props;
  const update = (i: number, patch: Partial<EnvEntry>) =>
    onChange(env.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  return (
    <>
      {env.map((entry, i) => (
        <Grid container spacing={2} key={i} alignItems="center">
          <Grid item xs={5}>
            <TextInput
              id={`version-env-name-${i}`}
              label="Name"
              value={entry.name}
              onChange={name => update(i, { name })}
              error={errors[`spec.env.${i}.name`]}
            />
          </Grid>
          <Grid item xs={6}>
            <TextInput
              id={`version-env-value-${i}`}
              label="Value"
              value={entry.value}
              onChange={value => update(i, { value })}
              error={errors[`spec.env.${i}.value`]}
            />
          </Grid>
          <Grid item xs={1}>
            <IconButton
              aria-label={`Remove variable ${i + 1}`}
              onClick={() => onChange(env.filter((_, j) => j !== i))}
            >
              <DeleteIcon />
            </IconButton>
          </Grid>
        </Grid>
      ))}
      <Button
        size="small"
        onClick={() => onChange([...env, { name: '', value: '' }])}
      >
        Add variable
      </Button>
    </>
  );
}
