import { InputError } from '@backstage/errors';
import type { PersonalAccessToken } from '@cellport/plugin-registry-common';
import { type Page, type PageRequest, pageOfRows } from '@cellport/common';
import { iso, TableStore } from './TableStore';
import type { StoredToken } from './types';

/**
 * Personal access tokens, stored hashed.
 *
 * @public
 */
export class TokenStore extends TableStore {

  private toToken(row: any): StoredToken {
    return {
      id: row.id,
      user: row.user_ref,
      name: row.name,
      createdAt: iso(row.created_at)!,
      expiresAt: iso(row.expires_at)!,
      lastUsedAt: iso(row.last_used_at),
      revokedAt: iso(row.revoked_at),
      tokenHash: row.token_hash,
    };
  }

  async createToken(input: {
    id: string;
    user: string;
    name: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<PersonalAccessToken> {
    await this.db('registry_tokens').insert({
      id: input.id,
      user_ref: input.user,
      name: input.name,
      token_hash: input.tokenHash,
      created_at: new Date(),
      expires_at: input.expiresAt,
    });
    const { tokenHash, ...token } = this.toToken(
      await this.db('registry_tokens').where({ id: input.id }).first(),
    );
    return token;
  }

  /**
   * A page of a user's tokens, newest first: ordered by creation time then id, both descending
   * (keyset: the tokens before `page.after`, which holds the last one's creation time and id).
   */
  async listTokens(user: string, page: PageRequest): Promise<Page<PersonalAccessToken>> {
    const query = this.db('registry_tokens')
      .where({ user_ref: user })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit + 1);
    if (page.after) {
      const [createdAt, id] = page.after;
      const after = new Date(createdAt);
      if (Number.isNaN(after.getTime())) {
        throw new InputError('invalid cursor: pass the nextCursor of a previous page');
      }
      query.where(b =>
        b
          .where('created_at', '<', after)
          .orWhere(e => e.where('created_at', '=', after).andWhere('id', '<', id)),
      );
    }
    const tokens = (await query).map(r => {
      const { tokenHash, ...token } = this.toToken(r);
      return token;
    });
    return pageOfRows(tokens, page.limit, t => [t.createdAt, t.id]);
  }

  async findTokenByHash(tokenHash: string): Promise<StoredToken | undefined> {
    const row = await this.db('registry_tokens')
      .where({ token_hash: tokenHash })
      .first();
    return row ? this.toToken(row) : undefined;
  }

  async touchToken(id: string): Promise<void> {
    await this.touchTokens([id]);
  }

  /** Sets the last use of these tokens to now, skipping those written in the last minute. */
  async touchTokens(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db('registry_tokens')
        .whereIn('id', ids.slice(i, i + 500))
        .andWhere(b =>
          b
            .whereNull('last_used_at')
            .orWhere('last_used_at', '<', new Date(Date.now() - 60_000)),
        )
        .update({ last_used_at: new Date() });
    }
  }

  /** Revokes a user's token. False when the user has no such token. */
  async revokeToken(user: string, id: string): Promise<boolean> {
    const n = await this.db('registry_tokens')
      .where({ id, user_ref: user })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() });
    if (n === 0) {
      return !!(await this.db('registry_tokens')
        .where({ id, user_ref: user })
        .first());
    }
    return true;
  }

}
