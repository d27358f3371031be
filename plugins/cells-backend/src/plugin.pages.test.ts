// The list routes of apps and versions a page at a time, on a real backend, both databases and a
// simulated cell: every item once and in order, visible items only, bad pages refused.
import { mockCredentials } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { encodeCursor } from '@cellport/common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import fs from 'node:fs';
import { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startCellsTestBackend } from './__testUtils__/cellsTestBackend';

jest.setTimeout(240_000);

const databases = createCellportTestDatabases();

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const as = (who: string) => mockCredentials.user.header(who);


/** Every page of a list route, following nextCursor; fails on a page that is not a 200. */
async function walk(
  server: Server,
  url: string,
  who: string,
  query: Record<string, string>,
): Promise<Array<{ names: string[]; nextCursor?: string }>> {
  const pages: Array<{ names: string[]; nextCursor?: string }> = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await request(server)
      .get(url)
      .query({ ...query, ...(cursor ? { cursor } : {}) })
      .set('Authorization', as(who));
    expect(res.status).toBe(200);
    pages.push({
      names: res.body.items.map((item: { name: string }) => item.name),
      nextCursor: res.body.nextCursor,
    });
    cursor = res.body.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error(`${url} kept answering a next page`);
}

describe('cells list pages', () => {
  let sim: Simulator;
  let dir: string;
  let regions: Array<{ name: string; cells: any[] }>;

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [{ name: 'pg-1', region: 'pg', port: 0 }],
      adminPort: 0,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cells-pages-'));
    regions = [
      {
        name: 'pg',
        cells: [
          {
            name: 'pg-1',
            kubeconfigFile: sim
              .cell('pg-1')
              .writeKubeconfig(path.join(dir, 'pg-1.kubeconfig')),
            simulated: true,
          },
        ],
      },
    ];
  });

  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let server: Server;
    const prefix = databaseId.startsWith('POSTGRES') ? 'pp' : 'ps';
    // alice's and bob's apps interleave in name order: bob's sit between alice's on every page
    const alices = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}a`);
    const bobs = Array.from({ length: 4 }, (_, i) => `${prefix}-${i}b`);

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ server } = await startCellsTestBackend({ knex, cells: { regions } }));
      const create = async (who: string, name: string) => {
        const res = await request(server)
          .post('/api/cells/apps')
          .set('Authorization', as(who))
          .send({ name, cells: ['pg-1'] });
        expect(res.status).toBe(201);
      };
      for (const name of alices) await create(ALICE, name);
      for (const name of bobs) await create(BOB, name);
    });

    it('walks the apps a page at a time: each visible app once, in name order', async () => {
      const pages = await walk(server, '/api/cells/apps', ALICE, {
        limit: '3',
        q: prefix,
      });
      expect(pages.map(p => p.names)).toEqual([
        alices.slice(0, 3),
        alices.slice(3, 6),
        alices.slice(6),
      ]);
      // bob sees his own apps only, whatever cursor he is handed
      const theirs = await walk(server, '/api/cells/apps', BOB, {
        limit: '3',
        q: prefix,
      });
      expect(theirs.flatMap(p => p.names)).toEqual(bobs);
      const fromAlice = await request(server)
        .get('/api/cells/apps')
        .query({ q: prefix, cursor: pages[0].nextCursor! })
        .set('Authorization', as(BOB));
      expect(fromAlice.body.items.map((a: any) => a.name)).toEqual(
        bobs.filter(name => name > alices[2]),
      );
      // a page exactly full has no next page
      const exact = await request(server)
        .get('/api/cells/apps')
        .query({ q: prefix, limit: '7' })
        .set('Authorization', as(ALICE));
      expect(exact.body.items).toHaveLength(7);
      expect(exact.body).not.toHaveProperty('nextCursor');
    });

    it('answers bad page sizes and cursors with a 400 naming them', async () => {
      const bad: Array<[Record<string, string>, RegExp]> = [
        [{ limit: '0' }, /limit must be a whole number from 1 to 500/],
        [{ limit: '501' }, /limit must be a whole number from 1 to 500/],
        [{ limit: 'ten' }, /limit must be a whole number from 1 to 500/],
        [{ cursor: 'not a cursor' }, /invalid cursor/],
        [{ cursor: encodeCursor(['a', 'b']) }, /invalid cursor/],
      ];
      for (const [query, message] of bad) {
        const res = await request(server)
          .get('/api/cells/apps')
          .query(query)
          .set('Authorization', as(ALICE));
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error).toMatchObject({
          name: 'InputError',
          message: expect.stringMatching(message),
        });
      }
    });

    it('walks the versions newest first; a non-member gets 404 whatever the page', async () => {
      const app = alices[0];
      const names = Array.from({ length: 5 }, (_, i) => `v${i}`);
      for (const name of names) {
        const res = await request(server)
          .post(`/api/cells/apps/${app}/versions`)
          .set('Authorization', as(ALICE))
          .send({
            name,
            spec: { image: `example/shop:${name}`, replicas: { 'pg-1': 0 } },
          });
        expect(res.status).toBe(201);
      }
      const pages = await walk(
        server,
        `/api/cells/apps/${app}/versions`,
        ALICE,
        { limit: '2' },
      );
      expect(pages.map(p => p.names)).toEqual([
        ['v4', 'v3'],
        ['v2', 'v1'],
        ['v0'],
      ]);
      const all = await request(server)
        .get(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE));
      expect(all.body.items.map((v: any) => v.name)).toEqual(
        [...names].reverse(),
      );
      expect(all.body).not.toHaveProperty('nextCursor');

      for (const cursor of ['%%%', encodeCursor(['v3']), encodeCursor(['0'])]) {
        const res = await request(server)
          .get(`/api/cells/apps/${app}/versions`)
          .query({ cursor })
          .set('Authorization', as(ALICE));
        expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
        expect(res.body.error.message).toMatch(/invalid cursor/);
      }
      for (const query of [{}, { limit: '0' }, { cursor: pages[0].nextCursor! }]) {
        const res = await request(server)
          .get(`/api/cells/apps/${app}/versions`)
          .query(query)
          .set('Authorization', as(BOB));
        expect({ query, status: res.status }).toEqual({ query, status: 404 });
      }
    });
  });
});
