import type {
  IssuedRegistryToken,
  RegistryAccessEntry,
  RegistryTokenIssuer,
} from './TokenIssuer';

/** Most grants remembered (the oldest are forgotten first). */
const MAX_ENTRIES = 10_000;

/**
 * A {@link RegistryTokenIssuer} that answers an identical grant (same subject, same `access`
 * claim, same issuer and audience) with the token it signed for it, while that token is in the
 * first half of its life; concurrent identical grants share one signature.
 *
 * A reused token keeps its `issued_at`, `expires_in` (counted from `issued_at`, as the token
 * specification says) and expiry: it grants nothing its holder did not already hold, and never
 * beyond the expiry it was signed with, so the revocation bound (token lifetime plus the
 * registry's leeway) is unchanged. The grant itself is decided afresh by the caller at every
 * request: a changed decision is a different key, signed anew.
 *
 * @public
 */
export class ReusingTokenIssuer implements RegistryTokenIssuer {
  private readonly tokens = new Map<
    string,
    { issued: Promise<IssuedRegistryToken>; reuseUntil: number }
  >();

  constructor(
    private readonly issuer: RegistryTokenIssuer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tokens signed (not reused) so far: what the reuse saves, for tests and benchmarks. */
  signed = 0;

  async issue(
    subject: string,
    access: RegistryAccessEntry[],
  ): Promise<IssuedRegistryToken> {
    const key = JSON.stringify([subject, access]);
    const now = this.now();
    const known = this.tokens.get(key);
    if (known && now < known.reuseUntil) {
      return known.issued;
    }
    this.signed++;
    const issued = this.issuer.issue(subject, access);
    // until it is signed, concurrent identical grants wait for this signature
    const entry = { issued, reuseUntil: Number.POSITIVE_INFINITY };
    this.tokens.delete(key);
    this.tokens.set(key, entry);
    try {
      const token = await issued;
      // from when it was issued (whole seconds, so at most `now`): half its life at most
      const issuedAt = Math.min(now, Date.parse(token.issued_at));
      entry.reuseUntil = issuedAt + (token.expires_in * 1000) / 2;
      return token;
    } catch (e) {
      if (this.tokens.get(key) === entry) this.tokens.delete(key);
      throw e;
    } finally {
      this.forgetStale(now);
    }
  }

  /** Forgets, oldest first, the tokens past reuse and any beyond the most remembered. */
  private forgetStale(now: number) {
    for (const [key, entry] of this.tokens) {
      if (this.tokens.size <= MAX_ENTRIES && entry.reuseUntil > now) break;
      this.tokens.delete(key);
    }
  }
}
