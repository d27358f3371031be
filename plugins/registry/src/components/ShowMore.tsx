import { errorMessage } from '@cellport/plugin-access-react';
import { Box, Button, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import type { Page } from '@cellport/common';
import type { Pages } from './usePages';

/**
 * Below a paginated list: how many items are shown, a "Show more" button while the server has
 * more, and the server's message when reading the next page failed.
 */
export function ShowMore(props: {
  pages: Pages<Page<unknown>>;
  /** What the list holds, plural: "groups", "repositories". */
  what: string;
  testId: string;
}) {
  const { pages, what, testId } = props;
  if (!pages.hasMore && !pages.moreError) return null;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" p={1} style={{ gap: 12 }}>
      {pages.hasMore && (
        <>
          <Button
            variant="outlined"
            size="small"
            disabled={pages.loadingMore}
            onClick={pages.loadMore}
            data-testid={testId}
          >
            {pages.loadingMore ? 'Loading…' : `Show more ${what}`}
          </Button>
          <Typography variant="body2" color="textSecondary" data-testid={`${testId}-count`}>
            {pages.items.length} {what} shown; there are more
          </Typography>
        </>
      )}
      {pages.moreError && (
        <Alert severity="error" data-testid={`${testId}-error`}>
          More {what} could not be loaded: {errorMessage(pages.moreError)}
        </Alert>
      )}
    </Box>
  );
}
