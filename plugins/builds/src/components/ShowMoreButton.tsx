import { Button, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { PagedList } from './usePagedList';

/** Below a paged table: "Show more" while the server has more, and why the last one failed. */
export function ShowMoreButton(props: {
  list: PagedList<unknown>;
  /** What the list holds, plural. */
  what: string;
  testId: string;
}) {
  const { list } = props;
  if (!list.hasMore && !list.moreError) return null;
  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        flexWrap: 'wrap',
        padding: 8,
      }}
    >
      {list.hasMore && (
        <>
          <Button
            variant="outlined"
            size="small"
            disabled={list.loading}
            onClick={list.showMore}
            data-testid={props.testId}
          >
            {list.loading ? 'Loading…' : `Show more ${props.what}`}
          </Button>
          <Typography variant="body2" color="textSecondary">
            {list.items?.length ?? 0} {props.what} shown; there are more
          </Typography>
        </>
      )}
      {list.moreError && (
        <Alert severity="error" data-testid={`${props.testId}-error`}>
          More {props.what} could not be loaded: {list.moreError.message}
        </Alert>
      )}
    </div>
  );
}
