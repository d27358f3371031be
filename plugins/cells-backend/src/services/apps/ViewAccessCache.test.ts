import { mockCredentials } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { ViewAccessCache } from './ViewAccessCache';

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

describe('ViewAccessCache', () => {
  let now = 1_000_000;
  const cache = (ttlMs = 5_000, maxEntries = 100) =>
    new ViewAccessCache({ ttlMs, maxEntries, now: () => now });

  it('asks once per caller and app within the TTL, and again after it', async () => {
    const c = cache();
    const check = jest.fn(async () => {});
    await c.allow(alice, 'shop', check);
    await c.allow(alice, 'shop', check);
    expect(check).toHaveBeenCalledTimes(1);
    // another app, another caller: asked
    await c.allow(alice, 'other', check);
    await c.allow(bob, 'shop', check);
    expect(check).toHaveBeenCalledTimes(3);
    now += 4_999;
    await c.allow(alice, 'shop', check);
    expect(check).toHaveBeenCalledTimes(3);
    now += 1;
    await c.allow(alice, 'shop', check);
    expect(check).toHaveBeenCalledTimes(4);
  });

  it('never keeps a refusal, and refuses once the TTL of a kept grant ended', async () => {
    const c = cache();
    let allowed = false;
    const check = jest.fn(async () => {
      if (!allowed) throw new NotFoundError("App 'shop' not found");
    });
    await expect(c.allow(bob, 'shop', check)).rejects.toThrow(/not found/);
    allowed = true;
    // a grant shows at once
    await c.allow(bob, 'shop', check);
    allowed = false;
    // revoked: within the TTL the kept grant still answers, after it the check refuses
    await c.allow(bob, 'shop', check);
    now += 5_000;
    await expect(c.allow(bob, 'shop', check)).rejects.toThrow(/not found/);
    await expect(c.allow(bob, 'shop', check)).rejects.toThrow(/not found/);
    expect(check).toHaveBeenCalledTimes(4);
  });

  it('keeps at most maxEntries, never caches anonymous callers, and is off with a TTL of 0', async () => {
    const c = cache(5_000, 3);
    const check = jest.fn(async () => {});
    for (const app of ['a', 'b', 'c', 'd']) await c.allow(alice, app, check);
    expect(c.size).toBe(3);
    // the oldest went first
    await c.allow(alice, 'a', check);
    expect(check).toHaveBeenCalledTimes(5);
    await c.allow(mockCredentials.none(), 'a', check);
    await c.allow(mockCredentials.none(), 'a', check);
    expect(check).toHaveBeenCalledTimes(7);
    const off = cache(0);
    await off.allow(alice, 'a', check);
    await off.allow(alice, 'a', check);
    expect(check).toHaveBeenCalledTimes(9);
    expect(off.size).toBe(0);
  });
});
