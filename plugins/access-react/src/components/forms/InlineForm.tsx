import { Box, makeStyles, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { FormActions } from './FormActions';
import { FormSubmitOptions, useFormSubmit } from './useFormSubmit';

/**
 * Props of {@link InlineForm}.
 *
 * @public
 */
export type InlineFormProps = FormSubmitOptions & {
  /** A heading over the form ("Create an image group"). */
  title?: ReactNode;
  /** The primary action's label ("Create group"). */
  submitLabel: ReactNode;
  /** The fields, laid out in a row that wraps. */
  children: ReactNode;
  /** `data-testid` of the error shown when the action failed. */
  errorTestId?: string;
  /** `data-testid` of the primary button. */
  submitTestId?: string;
  /** The primary action destroys something (delete): shown in the warning colour. */
  destructive?: boolean;
  /** The fields in a row that wraps (default, for two or three short fields) or a column. */
  layout?: 'row' | 'column';
  /** Shows the fields, not editable, without the action (for users who may not change them). */
  readOnly?: boolean;
};

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  error: {
    marginBottom: theme.spacing(1),
  },
  fields: {
    display: 'contents',
    border: 0,
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
}));

/**
 * A form inside a page or card, with the same parts as {@link FormDialog}: the server's error
 * above the fields, the fields in a row that wraps (or a column), the primary action (pending
 * state, disabled with a reason) after them; Enter in a field submits.
 *
 * @public
 */
export function InlineForm(props: InlineFormProps) {
  const classes = useStyles();
  const { busy, blocked, error, handleSubmit } = useFormSubmit({
    ...props,
    invalid: props.invalid || props.readOnly,
  });
  return (
    <form onSubmit={handleSubmit} noValidate>
      {props.title && <Typography variant="h6">{props.title}</Typography>}
      {error && (
        <Alert
          severity="error"
          className={classes.error}
          data-testid={props.errorTestId}
        >
          {error}
        </Alert>
      )}
      <Box className={props.layout === 'column' ? classes.column : classes.row}>
        <fieldset className={classes.fields} disabled={busy || props.readOnly}>
          {props.children}
        </fieldset>
        {!props.readOnly && (
          <Box>
            <FormActions
              submitLabel={props.submitLabel}
              busy={busy}
              blocked={blocked}
              disabledReason={props.disabledReason}
              submitTestId={props.submitTestId}
              destructive={props.destructive}
            />
          </Box>
        )}
      </Box>
    </form>
  );
}
