import {
  comparePageKeys,
  decodeCursor,
  encodeCursor,
  fetchAllPages,
  pageOfRows,
  pageOfSorted,
  parsePageQuery,
} from './pagination';

describe('pagination', () => {
  const names = ['a', 'b', 'c', 'd', 'e'].map(name => ({ name }));
  const keyOf = (item: { name: string }) => [item.name];

  it('walks a sorted list page by page, each item once', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = pageOfSorted(names, parsePageQuery({ limit: '2', cursor }, 1), keyOf);
      seen.push(...page.items.map(i => i.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
  });

  it('has no next cursor when the last page is exactly full', () => {
    expect(pageOfSorted(names, { limit: 5 }, keyOf).nextCursor).toBeUndefined();
    expect(pageOfRows(names.slice(0, 3), 2, keyOf).nextCursor).toBe(encodeCursor(['b']));
  });

  it('starts after a key that is no longer in the list', () => {
    const page = pageOfSorted(names, { limit: 10, after: ['bb'] }, keyOf);
    expect(page.items.map(i => i.name)).toEqual(['c', 'd', 'e']);
  });

  it('round-trips unicode keys of several columns', () => {
    const key = ['2026-12-06T10:00:00.000Z', 'naïve ✓ 名前'];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
    expect(comparePageKeys(['a', 'b'], ['a', 'c'])).toBeLessThan(0);
  });

  it.each([['0'], ['-1'], ['501'], ['2.5'], ['all'], [''], [['1', '2']]])(
    'refuses limit %p with a 400',
    limit => {
      expect(() => parsePageQuery({ limit }, 1)).toThrow(
        expect.objectContaining({ name: 'InputError', message: 'limit must be a whole number from 1 to 500' }),
      );
    },
  );

  it.each([['x!'], ['e30'], [encodeCursor(['a', 'b'])], ['A'.repeat(3000)], ['']])(
    'refuses bad cursor #%# with a 400',
    cursor => {
      expect(() => parsePageQuery({ cursor }, 1)).toThrow(
        expect.objectContaining({ name: 'InputError' }),
      );
    },
  );

  it('fetches every page, and stops after maxPages', async () => {
    const fetchPage = async (cursor?: string) =>
      pageOfSorted(names, parsePageQuery({ limit: '2', cursor }, 1), keyOf);
    expect((await fetchAllPages(fetchPage)).map(i => i.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await fetchAllPages(fetchPage, 1)).toHaveLength(2);
  });
});
