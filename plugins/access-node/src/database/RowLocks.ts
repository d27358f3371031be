import { Knex } from 'knex';

/**
 * Where the rows to lock live: a table and its key column (e.g. the quota rows per owner group).
 *
 * @public
 */
export interface RowLocksOptions {
  /** The table whose rows are locked. */
  table: string;
  /** The key column of `table`: `withLocks` locks the rows whose key is one of its keys. */
  column: string;
  /**
   * The most lock transactions (pool connections) one process holds at once on PostgreSQL,
   * whatever the keys; the other changes wait their turn. Default 2: the pool keeps connections
   * for the changes themselves.
   */
  maxTransactions?: number;
}

/**
 * Makes a check-then-act atomic per key (e.g. a quota check, the change it allows and the record
 * of the new usage, per owner group): `withLocks(keys, change)` runs `change` while no other
 * `withLocks` on one of the same keys runs, in this process or in another replica.
 *
 * - In process, changes on a key queue behind each other (keys taken in sorted order, so two
 *   changes on overlapping keys cannot deadlock). This alone serializes a SQLite database: it
 *   belongs to one backend process, and Backstage's SQLite client has a single connection, so a
 *   transaction held across the change (which makes its own queries and calls other systems)
 *   would block the change itself.
 * - On PostgreSQL, across replicas, a transaction holds `SELECT ... FOR UPDATE` on the keys' rows
 *   for as long as the change runs (the change uses other pool connections; at most one such
 *   transaction per set of keys and at most `maxTransactions` in all per process wait, so they
 *   cannot exhaust the pool). Keys without a
 *   row need no lock (for quotas: no quota, nothing to exceed). A replica that dies releases
 *   its locks with its connections. The change must not write the locked rows themselves (the
 *   lock belongs to another connection: it would wait for itself).
 *
 * @public
 */
export class RowLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private transactions = 0;
  private readonly waitingForTransaction: Array<() => void> = [];

  constructor(
    private readonly knex: Knex,
    private readonly options: RowLocksOptions,
  ) {}

  /** Runs `change` holding the locks of `keys` (none: runs it at once); its result or error. */
  async withLocks<T>(keys: string[], change: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) return change();
    const releases: Array<() => void> = [];
    try {
      for (const key of sorted) releases.push(await this.lockInProcess(key));
      return await (this.knex.client.dialect === 'postgresql'
        ? this.withRowLocks(sorted, change)
        : change());
    } finally {
      releases.reverse().forEach(release => release());
    }
  }

  private async withRowLocks<T>(keys: string[], change: () => Promise<T>): Promise<T> {
    const { table, column, maxTransactions = 2 } = this.options;
    if (this.transactions >= maxTransactions) {
      await new Promise<void>(resolve => this.waitingForTransaction.push(resolve));
    } else {
      this.transactions++;
    }
    let done: { result: T } | undefined;
    try {
      await this.knex.transaction(async tx => {
        await tx(table).select(column).whereIn(column, keys).orderBy(column).forUpdate();
        done = { result: await change() };
      });
    } catch (e) {
      // the change succeeded but the lock's transaction could not commit (its connection was
      // lost): nothing was written in it, the change stands
      if (!done) throw e;
    } finally {
      // hand the slot on, or give it back
      const next = this.waitingForTransaction.shift();
      if (next) next();
      else this.transactions--;
    }
    return done!.result;
  }

  /** Waits for the key's earlier holders; the function that lets the next one in. */
  private async lockInProcess(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>(resolve => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
