/*
 * Members lists a page at a time on the portal `npm test` starts (real sign-in, the access library
 * mounted by the cells plugin): an app with every user and group of the catalog as members, walked
 * with `limit` and `cursor`, gives each member once in entity-reference order; bad page sizes and
 * cursors are 400s naming them for a member, and a non-member gets the 404 of a hidden app whatever
 * page they ask for.
 */
import { requirePortal } from '../lib/portal';
import { PortalApi, signInTokens } from '../slb/portalSlb';

jest.setTimeout(600_000);

const suffix = Date.now().toString(36).slice(-6);
const app = `mp${suffix}`;
const hidden = `mp${suffix}-hidden`;
const USERS = ['bob', 'carol', 'dave', 'erin', 'frank', 'guest'];
const GROUPS = ['cellport', 'platform', 'platform-admins', 'payments-team', 'storefront-team'];

/** The member references on every page of an app's members, following nextCursor (at most 30 pages). */
async function walk(api: PortalApi, name: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 30; i++) {
    const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.expect(200, 'GET', `/apps/${name}/members?${query}`);
    pages.push(page.items.map((m: { member: string }) => m.member));
    cursor = page.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error(`/apps/${name}/members kept answering a next page`);
}

describe('members a page at a time, on the running portal', () => {
  let alice: PortalApi;
  let bob: PortalApi;

  beforeAll(async () => {
    const url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'bob']);
    alice = new PortalApi(url, 'cells', tokens.alice);
    bob = new PortalApi(url, 'cells', tokens.bob);
    await alice.expect(201, 'POST', '/apps', { name: app, cells: ['dev-1'] });
    await alice.expect(201, 'POST', '/apps', { name: hidden, cells: ['dev-1'] });
    for (const user of USERS) {
      await alice.expect(201, 'POST', `/apps/${app}/members`, { member: `user:default/${user}`, role: 'guest' });
    }
    for (const group of GROUPS) {
      await alice.expect(201, 'POST', `/apps/${app}/members`, { member: `group:default/${group}`, role: 'reporter' });
    }
  });

  afterAll(async () => {
    await alice?.call('DELETE', `/apps/${app}`);
    await alice?.call('DELETE', `/apps/${hidden}`);
  });

  it('walks every member once, in entity-reference order, whatever the page size', async () => {
    const everyone = [
      ...GROUPS.map(g => `group:default/${g}`),
      ...['alice', ...USERS].map(u => `user:default/${u}`),
    ].sort();
    for (const limit of [1, 5, 10, 12, 500]) {
      const pages = await walk(alice, app, limit);
      expect(pages.flat()).toEqual(everyone);
      expect(pages.length).toBe(Math.ceil(everyone.length / limit));
      expect(pages.slice(0, -1).every(p => p.length === limit)).toBe(true);
    }
    // the default page holds them all (100), without a cursor
    const all = await alice.expect(200, 'GET', `/apps/${app}/members`);
    expect(all.items).toHaveLength(everyone.length);
    expect(all.nextCursor).toBeUndefined();
  });

  it('refuses bad page sizes and cursors with a 400 naming them', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=1.5', 'cursor=%25%25', `cursor=${Buffer.from('["a"]').toString('base64url')}`]) {
      const res = await alice.call('GET', `/apps/${app}/members?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/^(limit must be|invalid cursor)/);
    }
  });

  it("gives a non-member the hidden app's 404 whatever page they ask for", async () => {
    const first = await alice.expect(200, 'GET', `/apps/${hidden}/members?limit=1`);
    expect(first.items.map((m: any) => m.member)).toEqual(['user:default/alice']);
    for (const query of ['', '?limit=1', '?limit=0', '?cursor=%25%25', `?limit=1&cursor=${Buffer.from('["user:default/a",""]').toString('base64url')}`]) {
      const res = await bob.call('GET', `/apps/${hidden}/members${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain('alice');
    }
  });
});
