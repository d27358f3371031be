import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@cellport/common';

/** What {@link usePages} gives a list: the pages read so far and how to read more. */
export interface Pages<P extends Page<unknown>> {
  /** The first page (with what else the list answers, e.g. the registry host) once read. */
  first?: P;
  /** The items of every page read so far, in order. */
  items: P['items'];
  /** True while the first page (or a reload) is being read. */
  loading: boolean;
  /** Why the first page (or a reload) failed. */
  error?: Error;
  /** True when the server has a page after the last one read. */
  hasMore: boolean;
  /** Reads the next page. */
  loadMore: () => void;
  /** True while the next page is being read. */
  loadingMore: boolean;
  /** Why the last "show more" failed (the pages already read stay). */
  moreError?: Error;
  /** Reads again as many pages as were read (after a change, so the list keeps its length). */
  reload: () => void;
}

/**
 * A paginated list read a page at a time: the first page when `deps` change, the next one on
 * `loadMore` (a "Show more" button), every page read so far again on `reload`.
 */
export function usePages<P extends Page<unknown>>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  deps: DependencyList,
): Pages<P> {
  const [pages, setPages] = useState<P[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error>();
  const [generation, setGeneration] = useState(0);
  const pageCount = useRef(1);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    // a new list (other deps) starts again from one page
    pageCount.current = 1;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    (async () => {
      const read: P[] = [];
      let cursor: string | undefined;
      // the first page, and after a reload as many as were read before
      do {
        const page = await fetchRef.current(cursor);
        read.push(page);
        cursor = page.nextCursor;
      } while (cursor && read.length < pageCount.current);
      return read;
    })().then(
      read => {
        if (cancelled) return;
        setPages(read);
        setError(undefined);
        setMoreError(undefined);
        setLoading(false);
      },
      e => {
        if (cancelled) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  const last = pages[pages.length - 1];
  const loadMore = useCallback(() => {
    if (!last?.nextCursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    fetchRef.current(last.nextCursor).then(
      page => {
        setPages(current => {
          pageCount.current = current.length + 1;
          return [...current, page];
        });
        setLoadingMore(false);
      },
      e => {
        setMoreError(e);
        setLoadingMore(false);
      },
    );
  }, [last]);

  const reload = useCallback(() => setGeneration(g => g + 1), []);

  return {
    first: pages[0],
    items: pages.flatMap(p => p.items) as P['items'],
    loading,
    error,
    hasMore: !!last?.nextCursor,
    loadMore,
    loadingMore,
    moreError,
    reload,
  };
}
