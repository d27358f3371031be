import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@cellport/common';

/** A list read a page at a time: what {@link usePagedList} returns. */
export interface PagedList<T> {
  /** The items of the pages read so far; undefined until the first page arrived. */
  items?: T[];
  /** The last read's error (the items read before it stay). */
  error?: Error;
  /** The first pages are being read (at the start, or again after `reload`). */
  loading: boolean;
  /** The next page is being read. */
  loadingMore: boolean;
  /** The server has more items than those read. */
  hasMore: boolean;
  /** Reads the next page and appends it. */
  loadMore(): void;
  /**
   * Reads again as many pages as were read (for polling); nothing while a read is under way. A
   * change of `deps` reads the first page whatever is under way.
   */
  reload(): void;
}

type State<T> = Omit<PagedList<T>, 'hasMore' | 'loadMore' | 'reload'> & {
  nextCursor?: string;
};

/**
 * A list route's items a page at a time (`{ items, nextCursor }`): the first page when `deps`
 * change (replacing the items once it arrives), the next one on `loadMore`. An answer that arrives after a newer read started is
 * dropped, so a slow page never overwrites a newer list.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: DependencyList,
): PagedList<T> {
  const [state, setState] = useState<State<T>>({
    loading: true,
    loadingMore: false,
  });
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // bumped by every read of the first pages: answers of an older read are dropped
  const generation = useRef(0);
  // how many pages the list holds (or will, once a loadMore in flight lands)
  const pages = useRef(1);
  // a read of the first pages is under way (a poll then waits for it rather than dropping it)
  const reading = useRef(false);

  const readPages = useCallback(async (count: number) => {
    const gen = ++generation.current;
    reading.current = true;
    setState(s => ({ ...s, loading: true }));
    try {
      const items: T[] = [];
      let cursor: string | undefined;
      let read = 0;
      do {
        const page = await fetchRef.current(cursor);
        items.push(...page.items);
        cursor = page.nextCursor;
        read++;
      } while (cursor && read < count);
      if (gen !== generation.current) return;
      reading.current = false;
      setState({ items, nextCursor: cursor, loading: false, loadingMore: false });
    } catch (e) {
      if (gen !== generation.current) return;
      reading.current = false;
      setState(s => ({ ...s, error: e as Error, loading: false, loadingMore: false }));
    }
  }, []);

  useEffect(() => {
    // the items shown stay until the new first page replaces them (no flicker while searching)
    pages.current = 1;
    readPages(1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  // a poll slower than its interval would otherwise drop every answer for the next read
  const reload = useCallback(() => {
    if (reading.current) return;
    readPages(pages.current);
  }, [readPages]);

  const { nextCursor } = state;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const gen = generation.current;
    pages.current++;
    setState(s => ({ ...s, loadingMore: true }));
    try {
      const page = await fetchRef.current(nextCursor);
      if (gen !== generation.current) return;
      setState(s => ({
        items: [...(s.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
        loading: false,
        loadingMore: false,
      }));
    } catch (e) {
      pages.current--;
      if (gen !== generation.current) return;
      setState(s => ({ ...s, error: e as Error, loadingMore: false }));
    }
  }, [nextCursor]);

  return {
    items: state.items,
    error: state.error,
    loading: state.loading,
    loadingMore: state.loadingMore,
    hasMore: Boolean(state.nextCursor),
    loadMore,
    reload,
  };
}
