import { Knex } from 'knex';

const FAILURES = 'registry_token_failures';
const BLOCKS = 'registry_token_blocks';

/**
 * Failed token endpoint attempts and the keys they blocked, shared by every replica on the
 * database (times in milliseconds since the epoch, from the replicas' clocks).
 *
 * @public
 */
export class TokenAttemptStore {
  constructor(private readonly db: Knex) {}

  /** The latest time any of `keys` is blocked until, when later than `now`. */
  async blockedUntil(keys: string[], now: number): Promise<number | undefined> {
    if (keys.length === 0) return undefined;
    const rows = await this.db(BLOCKS)
      .whereIn('key', keys)
      .andWhere('blocked_until', '>', now)
      .select('blocked_until');
    const until = Math.max(0, ...rows.map(r => Number(r.blocked_until)));
    return until > now ? until : undefined;
  }

  /**
   * Records a failure of `key` at `now` and answers how many failures `key` has since `since`
   * (this one included).
   */
  async recordFailure(key: string, now: number, since: number): Promise<number> {
    await this.db(FAILURES).insert({ key, failed_at: now });
    const [{ count }] = await this.db(FAILURES)
      .where('key', key)
      .andWhere('failed_at', '>', since)
      .count({ count: '*' });
    return Number(count);
  }

  /** Blocks `key` until `until` and forgets its failures (they are what blocked it). */
  async block(key: string, until: number): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(BLOCKS)
        .insert({ key, blocked_until: until })
        .onConflict('key')
        .merge();
      await trx(FAILURES).where('key', key).delete();
    });
  }

  /** Deletes failures older than `failuresBefore` and blocks that ended by `now`. */
  async prune(failuresBefore: number, now: number): Promise<void> {
    await this.db(FAILURES).where('failed_at', '<=', failuresBefore).delete();
    await this.db(BLOCKS).where('blocked_until', '<=', now).delete();
  }
}
