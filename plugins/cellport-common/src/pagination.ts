import { InputError } from '@backstage/errors';

/**
 * One page of a list route's answer: the items, and the cursor of the next page when there is one.
 * Every Cellport list route answers `{ items, nextCursor? }`, with `?limit=` and `?cursor=`.
 *
 * @public
 */
export interface Page<T> {
  items: T[];
  /** Opaque; pass it as `?cursor=` to get the items after this page. Absent on the last page. */
  nextCursor?: string;
}

/**
 * A list request's page: how many items, and the sort key of the last item already seen.
 *
 * @public
 */
export interface PageRequest {
  limit: number;
  /** The sort key (one string per sort column) the page starts after; absent for the first page. */
  after?: string[];
}

/**
 * The page sizes of a list route.
 *
 * @public
 */
export interface PageLimits {
  /** Used when the request has no `limit`. */
  defaultLimit: number;
  /** The largest `limit` accepted; larger ones get a 400. */
  maxLimit: number;
}

/** The page sizes of Cellport's list routes unless a route says otherwise. @public */
export const DEFAULT_PAGE_LIMITS: PageLimits = { defaultLimit: 100, maxLimit: 500 };

const MAX_CURSOR_LENGTH = 2048;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * The cursor of the page after the item with this sort key.
 *
 * @public
 */
export function encodeCursor(key: string[]): string {
  return toBase64Url(JSON.stringify(key));
}

/**
 * The sort key a cursor holds; a 400 (InputError) when the cursor was not made by
 * {@link encodeCursor} with `arity` columns.
 *
 * @public
 */
export function decodeCursor(cursor: string, arity: number): string[] {
  const invalid = () => new InputError('invalid cursor: pass the nextCursor of a previous page');
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid();
  }
  let key: unknown;
  try {
    key = JSON.parse(fromBase64Url(cursor));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(key) ||
    key.length !== arity ||
    !key.every(part => typeof part === 'string')
  ) {
    throw invalid();
  }
  return key as string[];
}

/**
 * Reads `limit` and `cursor` from a request's query. A `limit` that is not a whole number from 1 to
 * `maxLimit`, or a cursor that is not one this API made, is a 400 (InputError) naming the parameter.
 *
 * @param query - the request's query (`req.query`)
 * @param arity - how many sort columns the route's cursor holds
 * @public
 */
export function parsePageQuery(
  query: { limit?: unknown; cursor?: unknown },
  arity: number,
  limits: PageLimits = DEFAULT_PAGE_LIMITS,
): PageRequest {
  let limit = limits.defaultLimit;
  if (query.limit !== undefined) {
    const text = query.limit;
    if (typeof text !== 'string' || !/^[0-9]{1,6}$/.test(text)) {
      throw new InputError(`limit must be a whole number from 1 to ${limits.maxLimit}`);
    }
    limit = Number(text);
    if (limit < 1 || limit > limits.maxLimit) {
      throw new InputError(`limit must be a whole number from 1 to ${limits.maxLimit}`);
    }
  }
  if (query.cursor === undefined) return { limit };
  if (typeof query.cursor !== 'string') {
    throw new InputError('invalid cursor: pass the nextCursor of a previous page');
  }
  return { limit, after: decodeCursor(query.cursor, arity) };
}

/**
 * Orders two sort keys column by column (JavaScript string order), the order
 * {@link pageOfSorted} expects its list sorted in.
 *
 * @public
 */
export function comparePageKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

/**
 * A page of a list already sorted ascending by `keyOf` (string comparison, column by column), for
 * lists assembled in memory (e.g. filtered by permission). The key must be unique per item.
 *
 * @public
 */
export function pageOfSorted<T>(
  sorted: readonly T[],
  request: PageRequest,
  keyOf: (item: T) => string[],
): Page<T> {
  let start = 0;
  if (request.after) {
    const after = request.after;
    start = sorted.findIndex(item => comparePageKeys(keyOf(item), after) > 0);
    if (start < 0) start = sorted.length;
  }
  return pageOfRows(sorted.slice(start, start + request.limit + 1), request.limit, keyOf);
}

/**
 * A page from rows read with one more than `limit` (keyset pagination in SQL: the rows whose key
 * comes after the cursor's, ordered by key): the extra row only tells that there is a next page.
 *
 * @public
 */
export function pageOfRows<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (item: T) => string[],
): Page<T> {
  if (rows.length <= limit) return { items: [...rows] };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}

/**
 * Every item of a paginated list, page after page (for pickers that need the whole list). Stops
 * after `maxPages` pages so a server that keeps answering a cursor cannot loop forever.
 *
 * @public
 */
export async function fetchAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 100,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
  return all;
}
