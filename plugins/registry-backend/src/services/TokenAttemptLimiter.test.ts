import { mockCredentials } from '@backstage/backend-test-utils';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestApp } from '../__testUtils__/testing';
import { RegistryStore } from '../database/RegistryStore';
import { TokenAttemptStore } from '../database/stores/TokenAttemptStore';
import { TokenAttemptLimiter } from './TokenAttemptLimiter';

jest.setTimeout(120_000);

const databases = createCellportTestDatabases();
const alice = mockCredentials.user.header('user:default/alice');
const basic = (u: string, p: string) =>
  `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe.each(databases.eachSupportedId())(
  'the token attempt limit on %p',
  databaseId => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await RegistryStore.create({ knex });
    });

    it('is one limit for two replicas on one database', async () => {
      let now = Date.now();
      // two replicas: two routers, each with its own limiter, on the same database
      const replica = () =>
        createTestApp({
          knex,
          attemptLimiter: new TokenAttemptLimiter({
            attempts: new TokenAttemptStore(knex),
            maxFailures: 4,
            maxFailuresPerIp: 7,
            windowSeconds: 60,
            now: () => now,
          }),
        });
      const [a, b] = [await replica(), await replica()];
      const pat = (await request(a.app).post('/tokens').set('authorization', alice).send({ name: 'x' }).expect(201)).body.token;
      const token = (app: typeof a.app, auth: string) =>
        request(app).get('/token').query({ service: 'cellport-registry' }).set('authorization', auth);
      // two failures on each replica: four for alice in all, her limit
      await token(a.app, basic('alice', 'cpat_wrong1')).expect(401);
      await token(b.app, basic('alice', 'cpat_wrong2')).expect(401);
      await token(a.app, basic('alice', 'cpat_wrong3')).expect(401);
      await token(b.app, basic('alice', 'cpat_wrong4')).expect(401);
      // refused on both, even with her real token (a guess must not be confirmable)
      for (const app of [a.app, b.app]) {
        const limited = await token(app, basic('alice', pat)).expect(429);
        expect(limited.headers['retry-after']).toBe('60');
        expect(limited.body.error).toEqual({ name: 'TooManyRequestsError', message: 'too many failed attempts: retry in 60 s' });
      }
      // the client IP's limit (7) counts across replicas too: 4 so far, 3 more block the address
      await token(a.app, basic('bob', 'cpat_x')).expect(401);
      await token(b.app, basic('carol', 'cpat_y')).expect(401);
      await token(a.app, basic('dave', 'cpat_z')).expect(401);
      await token(b.app, basic('frank', 'cpat_w')).expect(429);
      // the window passes: both replicas let alice in again
      now += 30_000;
      expect((await token(b.app, basic('alice', pat)).expect(429)).headers['retry-after']).toBe('30');
      now += 30_000;
      await token(a.app, basic('alice', pat)).expect(200);
      await token(b.app, basic('alice', pat)).expect(200);
      // nothing past the window is kept
      await a.store.attempts.prune(now - 60_000, now);
      expect(Number((await knex('registry_token_blocks').count({ n: '*' }))[0].n)).toBe(0);
    });

    it('counts failures within the window only', async () => {
      let now = 1_000_000;
      const limiter = new TokenAttemptLimiter({
        attempts: new TokenAttemptStore(knex),
        maxFailures: 2,
        windowSeconds: 10,
        now: () => now,
      });
      await limiter.fail(['user:window']);
      now += 11_000;
      await limiter.fail(['user:window']);
      expect(await limiter.retryAfter(['user:window'])).toBeUndefined();
      await limiter.fail(['user:window']);
      expect(await limiter.retryAfter(['user:window', 'ip:127.0.0.9'])).toBe(10);
      // a second limiter (another replica) sees the same block
      const other = new TokenAttemptLimiter({
        attempts: new TokenAttemptStore(knex),
        now: () => now + 4_000,
      });
      expect(await other.retryAfter(['user:window'])).toBe(6);
    });
  },
);
