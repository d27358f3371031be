import {
  Box,
  Button,
  CircularProgress,
  makeStyles,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { ReactNode } from 'react';

/**
 * Props of {@link FormActions}.
 *
 * @public
 */
export type FormActionsProps = {
  /** The primary action's label ("Create app"). */
  submitLabel: ReactNode;
  /** The action runs: the primary button shows progress, both buttons are disabled. */
  busy?: boolean;
  /** The primary button is disabled (invalid fields, a reason, or busy). */
  blocked?: boolean;
  /** Why the primary action cannot run now, shown beside it and on hover. */
  disabledReason?: string;
  /** Shows a Cancel button. */
  onCancel?(): void;
  /** The Cancel button's label (default "Cancel"). */
  cancelLabel?: string;
  /** `data-testid` of the primary button. */
  submitTestId?: string;
  /** More buttons, before Cancel. */
  extraActions?: ReactNode;
  /** The primary action destroys something (remove, delete): shown in the warning colour. */
  destructive?: boolean;
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    width: '100%',
  },
  reason: {
    marginRight: 'auto',
    flex: '1 1 200px',
  },
  progress: {
    marginRight: theme.spacing(1),
  },
}));

/**
 * A form's buttons: the reason the action is disabled (if any), extra actions, Cancel and the
 * primary submit button with its pending state. The primary button is the form's submit button,
 * so Enter in a field submits.
 *
 * @public
 */
export function FormActions(props: FormActionsProps) {
  const classes = useStyles();
  const primary = (
    <Button
      type="submit"
      color={props.destructive ? 'secondary' : 'primary'}
      variant="contained"
      disabled={props.blocked || props.busy}
      data-testid={props.submitTestId}
      aria-busy={props.busy || undefined}
    >
      {props.busy && (
        <CircularProgress
          size={16}
          color="inherit"
          className={classes.progress}
          aria-hidden
        />
      )}
      {props.submitLabel}
    </Button>
  );
  return (
    <Box className={classes.root}>
      {props.disabledReason && !props.busy && (
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.reason}
          data-testid="form-disabled-reason"
        >
          {props.disabledReason}
        </Typography>
      )}
      {props.extraActions}
      {props.onCancel && (
        <Button onClick={props.onCancel} disabled={props.busy}>
          {props.cancelLabel ?? 'Cancel'}
        </Button>
      )}
      {props.disabledReason && !props.busy ? (
        <Tooltip title={props.disabledReason}>
          <span>{primary}</span>
        </Tooltip>
      ) : (
        primary
      )}
    </Box>
  );
}
