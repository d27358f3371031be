import crypto from 'node:crypto';

/**
 * Orders hosts by rendezvous (highest random weight) hashing for a key: every replica computes
 * the same order, builds of one config go to the same host while it is live, and when a host
 * leaves only its keys move (to their next host).
 *
 * @public
 */
export function rendezvousOrder<T extends { host: string }>(
  key: string,
  hosts: T[],
): T[] {
  const weight = (host: string) =>
    crypto
      .createHash('sha256')
      .update(`${key}\0${host}`)
      .digest()
      .readBigUInt64BE(0);
  return hosts
    .map(h => ({ h, w: weight(h.host) }))
    .sort((a, b) => {
      if (a.w === b.w) return a.h.host.localeCompare(b.h.host);
      return a.w > b.w ? -1 : 1;
    })
    .map(x => x.h);
}
