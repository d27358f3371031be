import { createHash, randomBytes, randomUUID } from 'node:crypto';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A new object UID. */
export function newUid(): string {
  return randomUUID();
}

/** Random suffix like the apiserver's generateName (5 chars, vowel free). */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SAFE_ALPHABET[bytes[i] % SAFE_ALPHABET.length];
  }
  return out;
}

/** FNV-32a of a string, encoded with the controller's safe alphabet (pod-template-hash). */
export function safeHash(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  const digits = h.toString(10);
  for (const d of digits) out += SAFE_ALPHABET[Number(d) % SAFE_ALPHABET.length];
  // mix in a stronger hash so that similar templates do not collide
  const sha = createHash('sha1').update(input).digest();
  for (let i = 0; i < 4; i++) out += SAFE_ALPHABET[sha[i] % SAFE_ALPHABET.length];
  return out.slice(0, 10);
}

/** A random hex string (container ids, tokens). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
