/*
 * The cells lists a page at a time on the portal `npm test` starts (simulated cell dev-1, real sign-in):
 * alice's apps walked with `limit` and `cursor` come each once and in name order, bob's apps between
 * them are never shown nor counted, a cursor of alice's does not show bob hers; an app's versions come
 * newest first across pages; bad page sizes and cursors are 400s naming them, and a non-member gets the
 * 404 of a hidden app whatever page it asks for.
 */
import { requirePortal } from '../lib/portal';
import { PortalApi, signInTokens } from '../slb/portalSlb';
import { versionSpec } from './api';

jest.setTimeout(600_000);

const suffix = Date.now().toString(36).slice(-6);
const prefix = `lp${suffix}`;
// alice's and bob's apps interleave in name order
const alices = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}a`);
const bobs = Array.from({ length: 3 }, (_, i) => `${prefix}-${i}b`);

/** A cursor as the API makes them (base64url JSON of the sort key) holding `key`. */
const encodeCursor = (key: string[]) =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

/** The names on every page of a list, following nextCursor (at most 20 pages). */
async function walk(api: PortalApi, path: string): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api.expect(
      200,
      'GET',
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
    );
    pages.push(page.items.map((item: { name: string }) => item.name));
    cursor = page.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error(`${path} kept answering a next page`);
}

describe('cells lists a page at a time, on the running portal', () => {
  let alice: PortalApi;
  let bob: PortalApi;
  let carol: PortalApi;

  beforeAll(async () => {
    const url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'bob', 'carol']);
    alice = new PortalApi(url, 'cells', tokens.alice);
    bob = new PortalApi(url, 'cells', tokens.bob);
    carol = new PortalApi(url, 'cells', tokens.carol);
    for (const name of alices) {
      await alice.expect(201, 'POST', '/apps', { name, cells: ['dev-1'] });
    }
    for (const name of bobs) {
      await bob.expect(201, 'POST', '/apps', { name, cells: ['dev-1'] });
    }
  });

  afterAll(async () => {
    for (const name of alices) await alice?.call('DELETE', `/apps/${name}`);
    for (const name of bobs) await bob?.call('DELETE', `/apps/${name}`);
  });

  it("walks a user's apps: each once, in name order, others' apps neither shown nor counted", async () => {
    expect(await walk(alice, `/apps?q=${prefix}&limit=3`)).toEqual([
      alices.slice(0, 3),
      alices.slice(3, 6),
      alices.slice(6),
    ]);
    expect(await walk(bob, `/apps?q=${prefix}&limit=2`)).toEqual([
      bobs.slice(0, 2),
      bobs.slice(2),
    ]);
    // a cursor is only a position: bob holding alice's sees his own apps after it
    const first = await alice.expect(200, 'GET', `/apps?q=${prefix}&limit=3`);
    const after = await bob.expect(
      200,
      'GET',
      `/apps?q=${prefix}&cursor=${first.nextCursor}`,
    );
    expect(after.items.map((a: any) => a.name)).toEqual(
      bobs.filter(name => name > alices[2]),
    );
    // carol is a member of none of them
    expect(await walk(carol, `/apps?q=${prefix}&limit=1`)).toEqual([[]]);
  });

  it('refuses bad page sizes and cursors with a 400 naming them, on apps and versions', async () => {
    for (const path of ['/apps', `/apps/${alices[0]}/versions`]) {
      for (const query of [
        'limit=0',
        'limit=501',
        'limit=-1',
        'limit=1.5',
        'cursor=%25%25',
        `cursor=${encodeCursor(['a', 'b'])}`,
      ]) {
        const res = await alice.call('GET', `${path}?${query}`);
        expect({ path, query, status: res.status }).toEqual({
          path,
          query,
          status: 400,
        });
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(/^(limit must be|invalid cursor)/);
      }
    }
  });

  it("walks an app's versions newest first; a non-member gets 404 whatever the page", async () => {
    const app = alices[0];
    const names = ['v1', 'v2', 'v3', 'v4', 'v5'];
    for (const name of names) {
      await alice.expect(201, 'POST', `/apps/${app}/versions`, {
        name,
        spec: versionSpec({ 'dev-1': 0 }),
      });
    }
    const pages = await walk(alice, `/apps/${app}/versions?limit=2`);
    expect(pages).toEqual([['v5', 'v4'], ['v3', 'v2'], ['v1']]);
    const res = await alice.call(
      'GET',
      `/apps/${app}/versions?cursor=${encodeCursor(['v3'])}`,
    );
    expect(res.status).toBe(400);
    for (const query of ['', '?limit=0', '?cursor=%25%25']) {
      const hidden = await carol.call('GET', `/apps/${app}/versions${query}`);
      expect({ query, status: hidden.status }).toEqual({ query, status: 404 });
    }
  });
});
