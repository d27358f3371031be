/*
 * The registry plugin's lists a page at a time (limit, cursor, nextCursor) against the REAL Docker
 * registry and skopeo (see ./harness): more groups, repositories, robots, tokens and tags than a
 * page holds, walked page after page; what a user may not see is in no page and shapes none.
 */
import { describeRegistry, startTestRegistry, TestRegistry } from './harness';

jest.setTimeout(300_000);

describeRegistry('registry lists, a page at a time, with the real registry', () => {
  let reg: TestRegistry;
  const api = (...args: Parameters<TestRegistry['api']>) => reg.api(...args);

  /** Every page of `path` as `user`, following nextCursor; each page's keys. */
  async function walk(user: string, path: string, limit: number, key = (i: any) => String(i.name)) {
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api(user, 'GET', `${path}${sep}${query}`);
      expect({ path, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
        path,
        status: 200,
        body: undefined,
      });
      pages.push(res.body.items.map(key));
      cursor = res.body.nextCursor;
      if (!cursor) return pages;
      expect(res.body.items).toHaveLength(limit);
    }
    throw new Error(`${path} kept answering a next page`);
  }

  const created = (res: { status: number; body: any }) => {
    expect({ status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ status: 201, body: undefined });
    return res.body;
  };

  beforeAll(async () => {
    reg = await startTestRegistry();
    // 12 groups of alice's (private), two of carol's sorted between them (private too)
    for (let i = 0; i < 12; i++) {
      created(await api('alice', 'POST', '/groups', { name: `pg${String(i).padStart(2, '0')}` }));
    }
    created(await api('carol', 'POST', '/groups', { name: 'pg03-carol' }));
    created(await api('carol', 'POST', '/groups', { name: 'pg07-carol' }));
    for (let i = 0; i < 9; i++) {
      created(await api('alice', 'POST', '/groups/pub/repositories', { name: `r${i}` }));
    }
    created(await api('alice', 'POST', '/groups/pub/repositories', { name: 'r4-private', visibility: 'private' }));
  });

  afterAll(async () => {
    await reg?.stop();
  });

  it('alice walks every group she sees, each once, by name; carol\'s private groups are in none of her pages', async () => {
    const pages = await walk('alice', '/groups', 5);
    const names = pages.flat();
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['pub', 'team', 'pg00', 'pg11']));
    expect(names.filter(n => n.endsWith('-carol'))).toEqual([]);
    // one request for all of them answers the same list
    const all = await api('alice', 'GET', '/groups?limit=500');
    expect(all.body.items.map((g: any) => g.name)).toEqual(names);
    expect(all.body.nextCursor).toBeUndefined();
  });

  it('a non-member sees no hidden group in any page, and hidden groups fill no page', async () => {
    // bob is a Reporter of team only; carol owns her two groups
    expect((await walk('bob', '/groups', 1)).flat()).toEqual(['pub', 'team']);
    expect(await walk('carol', '/groups', 2)).toEqual([['pg03-carol', 'pg07-carol'], ['pub']]);
    // pub's private repository is on none of carol's pages: 9 repositories in pages of 4
    const carolRepos = await walk('carol', '/groups/pub/repositories', 4);
    expect(carolRepos.map(p => p.length)).toEqual([4, 4, 1]);
    expect(carolRepos.flat()).not.toContain('pub/r4-private');
    expect((await walk('alice', '/groups/pub/repositories', 4)).flat()).toContain('pub/r4-private');
    // the search across groups, as carol: public repositories only
    const found = (await walk('carol', '/repositories', 3)).flat();
    expect(found.every(n => n.startsWith('pub/') && n !== 'pub/r4-private')).toBe(true);
    expect(found).toHaveLength(9);
    // a hidden group answers its 404 whatever the page asked for
    const hidden = await api('bob', 'GET', '/groups/pg00/repositories?limit=0');
    expect(hidden.status).toBe(404);
  });

  it("walks a group's robots and a user's tokens", async () => {
    for (let i = 0; i < 5; i++) {
      created(await api('alice', 'POST', '/groups/pg01/robots', { name: `bot${i}`, scopes: [{ repository: '*', actions: ['pull'] }] }));
      created(await api('dave', 'POST', '/tokens', { name: `dave-${i}`, expiresInDays: 1 }));
    }
    expect(await walk('alice', '/groups/pg01/robots', 2)).toEqual([['bot0', 'bot1'], ['bot2', 'bot3'], ['bot4']]);
    const tokens = (await walk('dave', '/tokens', 2)).flat();
    // the harness's token and these five, newest first, each once; none of another user's
    expect([...tokens].sort()).toEqual(['dave-0', 'dave-1', 'dave-2', 'dave-3', 'dave-4', 'test']);
    expect(tokens[tokens.length - 1]).toBe('test');
  });

  it('walks the tags skopeo pushed, with the cursor as with the registry\'s own `last`', async () => {
    const tags = ['t1', 't2', 't3', 't4', 't5'];
    for (const tag of tags) {
      const pushed = await reg.push('alice', 'v1', `pub/r0:${tag}`);
      expect({ tag, ok: pushed.ok, err: pushed.ok ? '' : pushed.err }).toEqual({ tag, ok: true, err: '' });
    }
    const pages = await walk('carol', '/repositories/pub/r0/tags', 2, t => String(t.tag));
    expect(pages).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);
    const byLast = await api('carol', 'GET', '/repositories/pub/r0/tags?limit=2&last=t2');
    expect(byLast.body.items.map((t: any) => t.tag)).toEqual(['t3', 't4']);
    expect(byLast.body.items[0].digest).toMatch(/^sha256:/);
  });

  it('answers 400 to a bad page and changes nothing', async () => {
    const before = await api('alice', 'GET', '/groups?limit=500');
    for (const path of ['/groups', '/groups/pub/repositories', '/repositories', '/groups/pg01/robots', '/tokens', '/repositories/pub/r0/tags']) {
      for (const query of ['limit=0', 'limit=100000', 'limit=x', 'cursor=%25%25', 'cursor=e30']) {
        const res = await api('alice', 'GET', `${path}?${query}`);
        expect({ path, query, status: res.status, name: res.body?.error?.name }).toEqual({ path, query, status: 400, name: 'InputError' });
      }
    }
    expect((await api('alice', 'GET', '/groups?limit=500')).body).toEqual(before.body);
  });
});
