import { Box, Button, Typography } from '@material-ui/core';
import type { PagedList } from './usePagedList';

/**
 * Below a list read a page at a time: how many items are shown and, while the server has more,
 * a "Show more" button reading the next page; a failed read's message as the server sent it.
 */
export function ShowMore(props: {
  list: PagedList<unknown>;
  /** What the items are, plural (e.g. "apps"). */
  what: string;
  testId?: string;
}) {
  const { list, what } = props;
  if (!list.items) return null;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="center"
      flexWrap="wrap"
      mt={1}
      style={{ gap: 16 }}
    >
      {list.hasMore && (
        <>
          <Typography variant="body2" color="textSecondary">
            Showing the first {list.items.length} {what}
          </Typography>
          <Button
            variant="outlined"
            onClick={list.loadMore}
            disabled={list.loadingMore}
            data-testid={props.testId ?? 'show-more'}
          >
            {list.loadingMore ? 'Loading…' : `Show more ${what}`}
          </Button>
        </>
      )}
      {list.error && list.items && (
        <Typography variant="body2" color="error" role="alert">
          {list.error.message}
        </Typography>
      )}
    </Box>
  );
}
