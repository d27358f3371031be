import { CopyTextButton } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
    maxWidth: '100%',
  },
  code: {
    // width 0 + grow: the command never widens its table column; it wraps at spaces, '/' and
    // ':' (never inside a word nor a host's port) and scrolls sideways only for a word longer than the column
    flex: '1 1 0',
    width: 0,
    minWidth: '10rem',
    overflowX: 'auto',
    whiteSpace: 'pre-wrap',
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.background.default,
  },
  copy: {
    flex: '0 0 auto',
  },
}));

/**
 * The command with a break opportunity after each '/' and each ':' of an image reference, but
 * not inside a host's port (127.0.0.1:5000) or a numeric tag: a ':' followed by a digit stays
 * with what follows it.
 */
export function breakParts(command: string): string[] {
  return command.split(/(?<=\/)|(?<=:)(?!\d)/);
}

function breakable(command: string) {
  return breakParts(command).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

/**
 * A shell command with its copy button beside it (never over it): long commands wrap at
 * spaces and after '/' or ':', never inside a word.
 */
export function CommandLine(props: {
  command: string;
  testId?: string;
  tooltipText?: string;
}) {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <code className={classes.code} data-testid={props.testId}>
        {breakable(props.command)}
      </code>
      <span className={classes.copy}>
        <CopyTextButton
          text={props.command}
          tooltipText={props.tooltipText ?? 'Command copied'}
        />
      </span>
    </div>
  );
}
