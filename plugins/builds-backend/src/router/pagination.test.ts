import request from 'supertest';
import { as, createTestBuilds } from '../__testUtils__/testing';

/** Every item of a list route, page after page of `limit`, with the number of pages. */
async function walk(
  app: Parameters<typeof request>[0],
  path: string,
  who: string,
  limit: number,
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages < 50; pages++) {
    const res = await request(app)
      .get(path)
      .query({ limit: String(limit), ...(cursor ? { cursor } : {}) })
      .set('authorization', as(who))
      .expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return { items, pages };
  }
  throw new Error(`${path} never ended`);
}

describe('pagination of build configs and agents', () => {
  let t: Awaited<ReturnType<typeof createTestBuilds>>;
  const names = ['a-1', 'a-2', 'b', 'c-x', 'd', 'e-9', 'f'];
  const bobs = ['b', 'e-9', 'f'];

  beforeAll(async () => {
    t = await createTestBuilds();
    for (const name of [...names].reverse()) {
      await request(t.app)
        .post('/configs')
        .set('authorization', as('alice'))
        .send({
          name,
          repositoryUrl: `http://git.test/team/${name}.git`,
          imageRepository: 'team/app',
        })
        .expect(201);
    }
    for (const name of bobs) {
      await request(t.app)
        .post(`/configs/${name}/members`)
        .set('authorization', as('alice'))
        .send({ member: 'user:default/bob', role: 'guest' })
        .expect(201);
    }
    for (const host of ['h-5', 'h-1', 'h-3', 'h-2', 'h-4']) {
      t.directory.addAgent(host);
    }
  });

  it('walks the configs page by page: each once, by name', async () => {
    const all = await walk(t.app, '/configs', 'alice', 3);
    expect(all.items.map(c => c.name)).toEqual(names);
    expect(all.pages).toBe(3);
    const exact = await walk(t.app, '/configs', 'alice', 7);
    expect(exact).toMatchObject({ pages: 1 });
    const first = await request(t.app)
      .get('/configs')
      .set('authorization', as('alice'))
      .expect(200);
    expect(first.body.items).toHaveLength(7);
    expect(first.body.nextCursor).toBeUndefined();
  });

  it("pages a member's configs over those they see only", async () => {
    const seen = await walk(t.app, '/configs', 'bob', 2);
    expect(seen.items.map(c => c.name)).toEqual(bobs);
    expect(seen.pages).toBe(2);
    const none = await walk(t.app, '/configs', 'dave', 1);
    expect(none).toEqual({ items: [], pages: 1 });
  });

  it('walks the agents page by page, by host', async () => {
    const all = await walk(t.app, '/agents', 'alice', 2);
    expect(all.items.map(a => a.host)).toEqual([
      'h-1',
      'h-2',
      'h-3',
      'h-4',
      'h-5',
    ]);
    expect(all.pages).toBe(3);
  });

  it('refuses a bad limit or cursor with a 400', async () => {
    for (const path of ['/configs', '/agents']) {
      for (const query of [
        { limit: '0' },
        { limit: '501' },
        { limit: 'ten' },
        { cursor: 'not a cursor' },
        { cursor: 'WyJhIiwiYiJd' }, // ["a","b"]: two columns where one is sorted on
      ]) {
        const res = await request(t.app)
          .get(path)
          .query(query)
          .set('authorization', as('alice'));
        expect({ path, query, status: res.status }).toEqual({
          path,
          query,
          status: 400,
        });
        expect(res.body.error.name).toBe('InputError');
      }
    }
  });
});
