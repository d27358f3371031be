import { mockCredentials } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { createTestApp } from './__testUtils__/testing';

const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const carol = mockCredentials.user.header('user:default/carol');
const cells = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:cells'),
  targetPluginId: 'registry',
});

type Named = { name: string };

/** Every page of `path` with `limit`, following nextCursor: the pages' names. */
async function walk(
  app: express.Express,
  path: string,
  auth: string,
  limit: number,
  key: (item: any) => string = (i: Named) => i.name,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await request(app)
      .get(path)
      .query({ limit: String(limit), ...(cursor ? { cursor } : {}) })
      .set('authorization', auth)
      .expect(200);
    pages.push(res.body.items.map(key));
    cursor = res.body.nextCursor;
    if (!cursor) return pages;
    expect(res.body.items).toHaveLength(limit);
  }
  throw new Error(`${path} kept answering a next page`);
}

describe('registry list routes, a page at a time', () => {
  let app: express.Express;

  beforeAll(async () => {
    const t = await createTestApp();
    app = t.app;
    const post = (path: string, auth: string, body: object) =>
      request(app).post(path).set('authorization', auth).send(body).expect(201);
    for (const name of ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']) {
      await post('/groups', alice, { name });
    }
    // carol's private groups sort between alice's: nobody else may learn they exist
    for (const name of ['a1-carol', 'a4-carol']) {
      await post('/groups', carol, { name });
    }
    await post('/groups', alice, { name: 'pub', visibility: 'public' });
    for (const name of ['r0', 'r1', 'r2', 'r3', 'r4']) {
      await post('/groups/pub/repositories', alice, { name });
    }
    await post('/groups/pub/repositories', alice, { name: 'r2-hidden', visibility: 'private' });
    for (const name of ['b0', 'b1', 'b2', 'b3', 'b4']) {
      await post('/groups/a0/repositories', alice, { name });
    }
    for (const name of ['bot0', 'bot1', 'bot2', 'bot3', 'bot4']) {
      await post('/groups/pub/robots', alice, {
        name,
        scopes: [{ repository: '*', actions: ['pull'] }],
      });
    }
    await post('/groups/pub/robots', cells, {
      name: 'cells-0',
      scopes: [{ repository: 'r0', actions: ['pull'] }],
    });
    for (const name of ['t0', 't1', 't2', 't3', 't4']) {
      await post('/tokens', alice, { name });
    }
    await post('/tokens', bob, { name: 'bobs' });
  }, 120_000);

  it('walks the groups a user sees, each once, by name; hidden groups are in no page and no count', async () => {
    const alicePages = await walk(app, '/groups', alice, 3);
    expect(alicePages).toEqual([
      ['a0', 'a1', 'a2'],
      ['a3', 'a4', 'a5'],
      ['a6', 'pub'],
    ]);
    // carol sees her own and the public one; alice's private groups shape none of her pages
    expect(await walk(app, '/groups', carol, 1)).toEqual([['a1-carol'], ['a4-carol'], ['pub']]);
    expect(await walk(app, '/groups', bob, 2)).toEqual([['pub']]);
    // without a limit: the default page holds them all
    const all = await request(app).get('/groups').set('authorization', alice).expect(200);
    expect(all.body.nextCursor).toBeUndefined();
    expect(all.body.items).toHaveLength(8);
  });

  it('walks a group\'s repositories; a non-member of a private repository never sees it or its slot', async () => {
    expect((await walk(app, '/groups/pub/repositories', alice, 2)).flat()).toEqual([
      'pub/r0',
      'pub/r1',
      'pub/r2',
      'pub/r2-hidden',
      'pub/r3',
      'pub/r4',
    ]);
    expect(await walk(app, '/groups/pub/repositories', carol, 2)).toEqual([
      ['pub/r0', 'pub/r1'],
      ['pub/r2', 'pub/r3'],
      ['pub/r4'],
    ]);
    expect((await walk(app, '/groups/a0/repositories', alice, 4)).flat()).toHaveLength(5);
  });

  it('walks the repositories a user sees, with the registry host on every page', async () => {
    const names = (await walk(app, '/repositories', alice, 4)).flat();
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(11);
    expect(new Set(names).size).toBe(11);
    expect((await walk(app, '/repositories', carol, 3)).flat()).toEqual([
      'pub/r0',
      'pub/r1',
      'pub/r2',
      'pub/r3',
      'pub/r4',
    ]);
    const page = await request(app)
      .get('/repositories')
      .query({ limit: '1', q: 'r' })
      .set('authorization', carol)
      .expect(200);
    expect(page.body).toMatchObject({ registryHost: '127.0.0.1:5050', items: [{ name: 'pub/r0' }] });
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it("walks a group's robots; a service pages through its own only", async () => {
    expect(await walk(app, '/groups/pub/robots', alice, 2)).toEqual([
      ['bot0', 'bot1'],
      ['bot2', 'bot3'],
      ['bot4', 'cells-0'],
    ]);
    expect(await walk(app, '/groups/pub/robots', cells, 1)).toEqual([['cells-0']]);
  });

  it("walks the caller's tokens newest first, each once; never another user's", async () => {
    const names = (await walk(app, '/tokens', alice, 2)).flat();
    expect([...names].sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
    // the same order as the whole list in one page: creation time, then id, both descending
    const whole = await request(app).get('/tokens').set('authorization', alice).expect(200);
    expect(whole.body.items.map((t: Named) => t.name)).toEqual(names);
    const times = whole.body.items.map((t: { createdAt: string }) => Date.parse(t.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await walk(app, '/tokens', bob, 2)).flat()).toEqual(['bobs']);
  });

  it('answers 400 to a bad limit or cursor, and a non-member 404 before any of it', async () => {
    for (const path of ['/groups', '/groups/pub/repositories', '/repositories', '/groups/pub/robots', '/tokens']) {
      for (const query of [{ limit: '0' }, { limit: '501' }, { limit: 'ten' }, { limit: '-1' }, { cursor: 'not a cursor' }, { cursor: 'WyJhIiwiYiJd' }]) {
        const res = await request(app).get(path).query(query).set('authorization', alice);
        expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
        expect(res.body.error.name).toBe('InputError');
      }
    }
    // a token cursor holding no time
    const bad = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    await request(app).get('/tokens').query({ cursor: bad }).set('authorization', alice).expect(400);
    // bob sees nothing of a0: the same 404 with or without a bad page
    const hidden = await request(app).get('/groups/a0/repositories').query({ limit: '0' }).set('authorization', bob).expect(404);
    const missing = await request(app).get('/groups/zz/repositories').query({ limit: '0' }).set('authorization', bob).expect(404);
    expect(hidden.body.error.message.replace('a0', 'zz')).toBe(missing.body.error.message);
  });

  it('a cursor past the last item answers an empty last page', async () => {
    const cursor = Buffer.from(JSON.stringify(['zzz'])).toString('base64url');
    const res = await request(app).get('/groups').query({ cursor }).set('authorization', alice).expect(200);
    expect(res.body).toEqual({ items: [] });
  });
});
