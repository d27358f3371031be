import crypto from 'node:crypto';
import { KeyLike, SignJWT, importPKCS8 } from 'jose';

/**
 * One entry of a registry token's `access` claim.
 *
 * @public
 */
export type RegistryAccessEntry = {
  type: string;
  name: string;
  actions: string[];
};

/**
 * A signed registry token and its lifetime, as the token endpoint answers it.
 *
 * @public
 */
export type IssuedRegistryToken = {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
};

/**
 * Signs Docker Registry v2 bearer tokens.
 *
 * @public
 */
export interface RegistryTokenIssuer {
  /** Signs a token for `subject` (empty for anonymous) granting `access`. */
  issue(
    subject: string,
    access: RegistryAccessEntry[],
  ): Promise<IssuedRegistryToken>;
}

/**
 * The libtrust key ID of a public key (what distribution 2.x matches the JWT `kid` against):
 * SHA-256 of the DER SPKI, first 30 bytes, RFC 4648 base32 without padding, grouped by 4 with ':'.
 *
 * @public
 */
export function libtrustKeyId(publicKeyOrCertPem: string): string {
  const der = crypto
    .createPublicKey(publicKeyOrCertPem)
    .export({ type: 'spki', format: 'der' });
  const hash = crypto.createHash('sha256').update(der).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of hash) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += alphabet[(value << (5 - bits)) & 31];
  }
  return out.match(/.{4}/g)!.join(':');
}

/**
 * Options of {@link JoseRegistryTokenIssuer.create}.
 *
 * @public
 */
export type JoseRegistryTokenIssuerOptions = {
  keyPem: string;
  certPem: string;
  issuer: string;
  service: string;
  ttlSeconds: number;
};

/**
 * RS256 registry tokens signed with jose, with the libtrust `kid` header.
 *
 * @public
 */
export class JoseRegistryTokenIssuer implements RegistryTokenIssuer {
  static async create(
    options: JoseRegistryTokenIssuerOptions,
  ): Promise<JoseRegistryTokenIssuer> {
    const key = await importPKCS8(options.keyPem, 'RS256');
    // the key and the certificate must be a pair, or the registry rejects every token
    const fromKey = crypto
      .createPublicKey(options.keyPem)
      .export({ type: 'spki', format: 'der' });
    const fromCert = crypto
      .createPublicKey(options.certPem)
      .export({ type: 'spki', format: 'der' });
    if (!fromKey.equals(fromCert)) {
      throw new Error(
        'registry.tokenKeyFile and registry.tokenCertFile are not a key pair',
      );
    }
    return new JoseRegistryTokenIssuer(
      key,
      libtrustKeyId(options.certPem),
      options,
    );
  }

  private constructor(
    private readonly key: KeyLike,
    /** The libtrust key id put in the `kid` header. */
    readonly keyId: string,
    private readonly options: JoseRegistryTokenIssuerOptions,
  ) {}

  async issue(
    subject: string,
    access: RegistryAccessEntry[],
  ): Promise<IssuedRegistryToken> {
    const now = Math.floor(Date.now() / 1000);
    const ttl = this.options.ttlSeconds;
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .setIssuer(this.options.issuer)
      .setSubject(subject)
      .setAudience(this.options.service)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + ttl)
      .setJti(crypto.randomUUID())
      .sign(this.key);
    return {
      token,
      access_token: token,
      expires_in: ttl,
      issued_at: new Date(now * 1000).toISOString(),
    };
  }
}
