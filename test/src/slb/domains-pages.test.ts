/*
 * The slb domains list a page at a time on the portal `npm test` starts (domains stored in the LB
 * group's real etcd): alice's domains walked with `limit` and `cursor` come each once and in name
 * order; bob's domains between them are neither shown nor counted for her, nor hers for him; bad
 * page sizes and cursors are 400s naming them.
 */
import { requirePortal } from '../lib/portal';
import { PortalApi, signInTokens } from './portalSlb';

jest.setTimeout(600_000);

const suffix = Date.now().toString(36).slice(-6);
const aliceApp = `dp${suffix}-a`;
const bobApp = `dp${suffix}-b`;
// alice's and bob's domains interleave in name order
const alices = ['a', 'c', 'e', 'g', 'i'].map(l => `${l}-${suffix}.pages.test`);
const bobs = ['b', 'd', 'f'].map(l => `${l}-${suffix}.pages.test`);

/** The domain names on every page, following nextCursor (at most 50 pages). */
async function walk(api: PortalApi, query: string): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await api.expect(
      200,
      'GET',
      `/domains?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    pages.push(page.items.map((d: { domain: { name: string } }) => d.domain.name));
    cursor = page.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error(`/domains?${query} kept answering a next page`);
}

describe('slb domains a page at a time, on the running portal', () => {
  let alice: PortalApi;
  let bob: PortalApi;
  let cellsAlice: PortalApi;
  let cellsBob: PortalApi;

  beforeAll(async () => {
    const url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'bob']);
    alice = new PortalApi(url, 'slb', tokens.alice);
    bob = new PortalApi(url, 'slb', tokens.bob);
    cellsAlice = new PortalApi(url, 'cells', tokens.alice);
    cellsBob = new PortalApi(url, 'cells', tokens.bob);
    await cellsAlice.expect(201, 'POST', '/apps', { name: aliceApp, cells: ['dev-1'] });
    await cellsBob.expect(201, 'POST', '/apps', { name: bobApp, cells: ['dev-1'] });
    const create = (api: PortalApi, name: string, app: string) =>
      api.expect(201, 'POST', '/domains', { name, group: 'dev-public', app, locations: [{ path: '/', app, port: 8080 }] });
    for (const name of alices) await create(alice, name, aliceApp);
    for (const name of bobs) await create(bob, name, bobApp);
  });

  afterAll(async () => {
    for (const name of alices) await alice?.call('DELETE', `/domains/${name}`);
    for (const name of bobs) await bob?.call('DELETE', `/domains/${name}`);
    await cellsAlice?.call('DELETE', `/apps/${aliceApp}`);
    await cellsBob?.call('DELETE', `/apps/${bobApp}`);
  });

  it("walks an app's domains each once, in name order", async () => {
    expect(await walk(alice, `app=${aliceApp}&limit=2`)).toEqual([alices.slice(0, 2), alices.slice(2, 4), alices.slice(4)]);
    expect(await walk(bob, `app=${bobApp}&limit=2`)).toEqual([bobs.slice(0, 2), bobs.slice(2)]);
    // another's app: nothing, not even an empty next page
    expect(await walk(bob, `app=${aliceApp}&limit=1`)).toEqual([[]]);
  });

  it('never shows nor counts hidden domains in the whole list', async () => {
    const mine = (await walk(alice, 'limit=3')).flat();
    expect(mine.filter(n => n.endsWith(`-${suffix}.pages.test`))).toEqual(alices);
    expect(mine.some(n => bobs.includes(n))).toBe(false);
    expect(mine).toEqual([...mine].sort());
    expect(new Set(mine).size).toBe(mine.length);
    const his = (await walk(bob, 'limit=3')).flat();
    expect(his.filter(n => n.endsWith(`-${suffix}.pages.test`))).toEqual(bobs);
  });

  it('refuses bad page sizes and cursors with a 400 naming them', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=1.5', 'cursor=%25%25', `cursor=${Buffer.from('["a","b"]').toString('base64url')}`]) {
      const res = await alice.call('GET', `/domains?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/^(limit must be|invalid cursor)/);
    }
  });
});
