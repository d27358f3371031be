import { mockCredentials } from '@backstage/backend-test-utils';
import { RESOURCE_KINDS } from '@cellport/plugin-access-common';
import {
  catalogUser,
  createCellportTestDatabases,
  createTestAccess,
} from '@cellport/test-utils';
import express from 'express';
import request from 'supertest';
import { testEntities } from '../__testUtils__/fixtures';
import { AccessService } from '../service/AccessService';
import { accessRouterApp } from '../__testUtils__/routerApp';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const OUTSIDER = 'user:default/outsider';
/** Users whose references sort around each other: `m-1` < `m.1` < `m1` < `m10` < `m2` in byte order. */
const PEOPLE = ['m1', 'm2', 'm10', 'm-1', 'm.1', 'zed', 'aaron'];
const ref = (name: string) => `user:default/${name}`;
const as = (user: string) => mockCredentials.user.header(user);

type Key = [string, string];

describe('GET /members pages', () => {
  const databases = createCellportTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let access: AccessService;
    let app: express.Express;
    const base = '/repositories/pay/ledger/members';

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ access } = await createTestAccess({
        knex,
        kinds: [...RESOURCE_KINDS],
        entities: [...testEntities, ...PEOPLE.map(p => catalogUser(p))],
        platformAdminGroup: 'group:default/platform-admins',
      }));
      app = accessRouterApp(access);
      const alice = mockCredentials.user(ALICE);
      await access.registerResource(alice, {
        kind: 'image-group',
        name: 'pay',
      });
      await access.registerResource(alice, {
        kind: 'image-repository',
        name: 'pay/ledger',
      });
      // inherited from the group: five people; direct on the repository: three, two of them also
      // inherited (the same reference twice, once per source)
      for (const p of ['m1', 'm2', 'm10', 'm-1', 'zed']) {
        await access.addMember(alice, 'image-group:pay', {
          member: ref(p),
          role: 'reporter',
        });
      }
      for (const p of ['m1', 'm.1', 'zed']) {
        await access.addMember(alice, 'image-repository:pay/ledger', {
          member: ref(p),
          role: 'developer',
        });
      }
    });

    /** Every member, ordered by the documented key, computed apart from the pages. */
    async function expectedKeys(): Promise<Key[]> {
      const all = await access.listMembers(
        mockCredentials.user(ALICE),
        'image-repository:pay/ledger',
      );
      const keys = all.map(m => [m.member, m.inheritedFrom ?? ''] as Key);
      // JavaScript string order, reference first: what the cursor pages must follow
      const text = (k: Key) => `${k[0]}\u0000${k[1]}`;
      return keys.sort((a, b) => (text(a) < text(b) ? -1 : 1));
    }

    async function walk(limit: number) {
      const keys: Key[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 50; i++) {
        const res = await request(app)
          .get(base)
          .query({ limit: String(limit), ...(cursor ? { cursor } : {}) })
          .set('authorization', as(ALICE))
          .expect(200);
        sizes.push(res.body.items.length);
        keys.push(
          ...res.body.items.map(
            (m: any) => [m.member, m.inheritedFrom ?? ''] as Key,
          ),
        );
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      return { keys, sizes };
    }

    it.each([1, 2, 3, 4, 100])(
      'walks every member once, in order, %p at a time',
      async limit => {
        const expected = await expectedKeys();
        // alice (Owner of both, so twice) and the people above
        expect(expected).toHaveLength(2 + 5 + 3);
        expect(expected.slice(0, 2)).toEqual([
          [ALICE, ''],
          [ALICE, 'image-group:pay'],
        ]);
        const { keys, sizes } = await walk(limit);
        expect(keys).toEqual(expected);
        expect(sizes.slice(0, -1).every(s => s === limit)).toBe(true);
        expect(sizes[sizes.length - 1]).toBeGreaterThan(0);
      },
    );

    it('answers the first page of 100 without a cursor when no limit is given', async () => {
      const res = await request(app)
        .get(base)
        .set('authorization', as(ALICE))
        .expect(200);
      expect(res.body.items).toHaveLength(10);
      expect(res.body.nextCursor).toBeUndefined();
    });

    it.each([
      ['limit=0', /limit must be a whole number from 1 to 500/],
      ['limit=501', /limit must be a whole number from 1 to 500/],
      ['limit=two', /limit must be a whole number/],
      ['cursor=not-a-cursor', /invalid cursor/],
      [
        `cursor=${Buffer.from('["a"]').toString('base64url')}`,
        /invalid cursor/,
      ],
    ])(
      'answers 400 to ?%s and 404 to a non-member asking the same',
      async (query, message) => {
        const bad = await request(app)
          .get(`${base}?${query}`)
          .set('authorization', as(ALICE))
          .expect(400);
        expect(bad.body.error.message).toMatch(message);
        const hidden = await request(app)
          .get(`${base}?${query}`)
          .set('authorization', as(OUTSIDER))
          .expect(404);
        expect(hidden.body.error.message).toMatch(/not found/);
      },
    );

    it('tells a non-member nothing, not even with a valid cursor', async () => {
      const first = await request(app)
        .get(`${base}?limit=2`)
        .set('authorization', as(ALICE))
        .expect(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const hidden = await request(app)
        .get(`${base}?limit=2&cursor=${first.body.nextCursor}`)
        .set('authorization', as(OUTSIDER))
        .expect(404);
      expect(JSON.stringify(hidden.body)).not.toMatch(/m1|zed|items/);
    });
  });
});
