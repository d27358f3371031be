import { makeStyles } from '@material-ui/core';
import { UserDisplay } from '../people/UserDisplay';
import { ActivityDetailKey, activityDetailParts } from './activityDetailParts';

/**
 * Props of {@link ActivityDetails}.
 *
 * @public
 */
export type ActivityDetailsProps = {
  /** The entry's details, as the server sent them. */
  details: Record<string, unknown> | undefined;
  /** The plugin's own text details, in the order to show them. */
  keys?: ActivityDetailKey[];
};

const useStyles = makeStyles(theme => ({
  part: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
    marginRight: theme.spacing(1),
  },
  wrapping: {
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
  },
}));

/**
 * An activity entry's details for a table cell: people by display name with avatar (never a raw
 * `user:default/bob`), each part kept on one line unless its key may wrap.
 *
 * @public
 */
export function ActivityDetails(props: ActivityDetailsProps) {
  const classes = useStyles();
  return (
    <span data-testid="activity-details">
      {activityDetailParts(props.details, props.keys).map((part, i) => (
        <span
          key={i}
          className={
            'text' in part && part.wrap
              ? `${classes.part} ${classes.wrapping}`
              : classes.part
          }
        >
          {i ? '· ' : ''}
          {part.label ? `${part.label} ` : ''}
          {'person' in part && <UserDisplay entityRef={part.person} />}
          {'text' in part &&
            (part.monospace ? <code>{part.text}</code> : part.text)}
        </span>
      ))}
    </span>
  );
}
