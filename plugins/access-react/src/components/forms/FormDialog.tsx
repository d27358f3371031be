import {
  Box,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  makeStyles,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { ReactNode, useEffect, useId } from 'react';
import { FormActions } from './FormActions';
import { FormSubmitOptions, useFormSubmit } from './useFormSubmit';

/**
 * Props of {@link FormDialog}.
 *
 * @public
 */
export type FormDialogProps = FormSubmitOptions & {
  open: boolean;
  /** The dialog's title ("Create an app"). */
  title: ReactNode;
  /** The primary action's label ("Create app"). */
  submitLabel: ReactNode;
  /** Closes the dialog (Cancel, Escape, a click outside; never while the action runs). */
  onClose(): void;
  /** The fields. */
  children: ReactNode;
  /** The dialog's width (default "sm"). */
  maxWidth?: 'xs' | 'sm' | 'md' | 'lg';
  /** Shown under the progress bar while the action runs ("Deploying to dev-1, dev-2..."). */
  pendingText?: ReactNode;
  /** `data-testid` of the error shown when the action failed. */
  errorTestId?: string;
  /** `data-testid` of the primary button. */
  submitTestId?: string;
  /** The Cancel button's label (default "Cancel"). */
  cancelLabel?: string;
  /** More buttons, before Cancel. */
  extraActions?: ReactNode;
  /** The primary action destroys something (remove, delete): shown in the warning colour. */
  destructive?: boolean;
};

const useStyles = makeStyles(theme => ({
  form: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    flex: '1 1 auto',
  },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  fields: {
    display: 'contents',
    border: 0,
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  error: {
    padding: theme.spacing(0, 3, 1),
  },
  pending: {
    padding: theme.spacing(1, 3, 0),
  },
  actions: {
    padding: theme.spacing(1, 3, 2),
  },
}));

/**
 * A create or edit dialog with Cellport's one form layout: the title; the error of a failed
 * submit exactly as the server sent it, right under the title where it is seen (never below the
 * fold); the fields in a column, none of them editable while the action runs, with progress; Cancel and the primary action,
 * disabled while the fields are invalid or with the reason it cannot run. Enter in a field
 * submits, the way a form does.
 *
 * @public
 */
export function FormDialog(props: FormDialogProps) {
  const classes = useStyles();
  const titleId = useId();
  const { open, onClose } = props;
  const { busy, blocked, error, handleSubmit, reset } = useFormSubmit(props);
  useEffect(() => {
    if (open) {
      reset();
    }
  }, [open, reset]);

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth={props.maxWidth ?? 'sm'}
      aria-labelledby={titleId}
    >
      <form className={classes.form} onSubmit={handleSubmit} noValidate>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        {error && (
          <Box className={classes.error}>
            <Alert severity="error" data-testid={props.errorTestId}>
              {error}
            </Alert>
          </Box>
        )}
        <DialogContent className={classes.body}>
          {/* a disabled fieldset keeps every field from changing while the action runs */}
          <fieldset className={classes.fields} disabled={busy}>
            {props.children}
          </fieldset>
        </DialogContent>
        {busy && (
          <Box className={classes.pending}>
            <LinearProgress />
            {props.pendingText && (
              <Typography variant="caption">{props.pendingText}</Typography>
            )}
          </Box>
        )}
        <DialogActions className={classes.actions}>
          <FormActions
            submitLabel={props.submitLabel}
            busy={busy}
            blocked={blocked}
            disabledReason={props.disabledReason}
            onCancel={onClose}
            cancelLabel={props.cancelLabel}
            submitTestId={props.submitTestId}
            extraActions={props.extraActions}
            destructive={props.destructive}
          />
        </DialogActions>
      </form>
    </Dialog>
  );
}
