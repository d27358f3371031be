import { mockCredentials } from '@backstage/backend-test-utils';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { createTestApp, testKeyPair } from '../__testUtils__/testing';
import { JoseRegistryTokenIssuer } from './TokenIssuer';
import { ReusingTokenIssuer } from './TokenReuse';

jest.setTimeout(60_000);

const pull = [{ type: 'repository', name: 'team/app', actions: ['pull'] }];
const push = [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }];

describe('ReusingTokenIssuer', () => {
  let now = Date.now();
  let signer: JoseRegistryTokenIssuer;
  beforeAll(async () => {
    signer = await JoseRegistryTokenIssuer.create({
      ...testKeyPair(),
      issuer: 'cellport-token-issuer',
      service: 'cellport-registry',
      ttlSeconds: 60,
    });
  });

  it('answers an identical grant with the same token, its issue time and expiry unchanged, for the first half of its life', async () => {
    now = Date.now();
    const issuer = new ReusingTokenIssuer(signer, () => now);
    const first = await issuer.issue('alice', pull);
    now += 10_000;
    const again = await issuer.issue('alice', pull);
    expect(again).toEqual(first);
    expect(again.expires_in).toBe(60); // counted from issued_at, as the token specification says
    expect(decodeJwt(again.token).exp).toBe(decodeJwt(first.token).exp);
    // a different subject or a different grant is another token
    expect((await issuer.issue('bob', pull)).token).not.toBe(first.token);
    expect((await issuer.issue('alice', push)).token).not.toBe(first.token);
    expect(issuer.signed).toBe(3);
    // past half its life: a new token with a full lifetime
    now += 21_000;
    const renewed = await issuer.issue('alice', pull);
    expect(renewed.token).not.toBe(first.token);
    expect(issuer.signed).toBe(4);
  });

  it('signs once for identical grants asked at the same time', async () => {
    const issuer = new ReusingTokenIssuer(signer);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => issuer.issue('carol', push)));
    expect(new Set(tokens.map(t => t.token)).size).toBe(1);
    expect(issuer.signed).toBe(1);
  });

  it('does not remember a failed signature', async () => {
    let fail = true;
    const issuer = new ReusingTokenIssuer({
      issue: async (subject, access) => {
        if (fail) throw new Error('no key');
        return signer.issue(subject, access);
      },
    });
    await expect(issuer.issue('dave', pull)).rejects.toThrow('no key');
    fail = false;
    expect((await issuer.issue('dave', pull)).token).toBeTruthy();
  });
});

describe('the token endpoint with token reuse', () => {
  const alice = mockCredentials.user.header('user:default/alice');
  const bob = mockCredentials.user.header('user:default/bob');
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  it('decides every request afresh: a removed member gets a new, smaller token at once, a revoked PAT a 401', async () => {
    const t = await createTestApp();
    await request(t.app).post('/groups').set('authorization', alice).send({ name: 'team' }).expect(201);
    await request(t.app).post('/groups/team/repositories').set('authorization', alice).send({ name: 'app' }).expect(201);
    await request(t.app).post('/groups/team/members').set('authorization', alice).send({ member: 'user:default/bob', role: 'developer' }).expect(201);
    const pat = (await request(t.app).post('/tokens').set('authorization', bob).send({ name: 'ci' }).expect(201)).body;
    const token = () =>
      request(t.app).get('/token').query({ service: 'cellport-registry', scope: 'repository:team/app:pull,push' }).set('authorization', basic('bob', pat.token)).expect(200);
    const first = (await token()).body;
    expect(decodeJwt(first.token).access).toEqual(push);
    // docker asks again: the same token
    expect((await token()).body).toEqual(first);
    // bob becomes a reporter: the next answer is a new token granting pull only
    await request(t.app).put('/groups/team/members/user:default%2Fbob').set('authorization', alice).send({ role: 'reporter' }).expect(200);
    const demoted = (await token()).body;
    expect(demoted.token).not.toBe(first.token);
    expect(decodeJwt(demoted.token).access).toEqual(pull);
    // his token revoked: refused, whatever was issued before
    await request(t.app).delete(`/tokens/${pat.id}`).set('authorization', bob).expect(204);
    await request(t.app).get('/token').query({ service: 'cellport-registry', scope: 'repository:team/app:pull,push' }).set('authorization', basic('bob', pat.token)).expect(401);
  });
});
