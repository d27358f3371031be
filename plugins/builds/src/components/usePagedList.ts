import type { Page } from '@cellport/common';
import { useCallback, useEffect, useState } from 'react';

/** A list shown page by page: what is read so far, and how to read the next page or start over. */
export interface PagedList<T> {
  items?: T[];
  /** Why the first page could not be read. */
  error?: Error;
  /** Why the last "Show more" failed (the items already read stay). */
  moreError?: Error;
  loading: boolean;
  /** Whether the server has a page after the items read. */
  hasMore: boolean;
  showMore: () => void;
  /** Reads the first page again (after a change). */
  retry: () => void;
}

/**
 * Reads the first page of a paginated list route, and the next one on `showMore` (the list's
 * "Show more" button), so no item past the first page is silently dropped.
 */
export function usePagedList<T>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
): PagedList<T> {
  const [items, setItems] = useState<T[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<Error>();
  const [moreError, setMoreError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    fetchPage().then(
      page => {
        if (!current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(undefined);
        setLoading(false);
      },
      e => {
        if (!current) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [fetchPage, round]);

  const showMore = useCallback(() => {
    if (!cursor) return;
    setLoading(true);
    setMoreError(undefined);
    fetchPage(cursor).then(
      page => {
        setItems(read => [...(read ?? []), ...page.items]);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      e => {
        setMoreError(e);
        setLoading(false);
      },
    );
  }, [fetchPage, cursor]);

  return {
    items,
    error,
    moreError,
    loading,
    hasMore: Boolean(cursor),
    showMore,
    retry: useCallback(() => setRound(r => r + 1), []),
  };
}
