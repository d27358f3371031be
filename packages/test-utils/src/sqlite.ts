/** A private in-memory SQLite database for a unit test that needs no PostgreSQL. */
import knexFactory, { Knex } from 'knex';

/**
 * A knex instance on a fresh in-memory SQLite database (better-sqlite3), for tests of routers and
 * services; store tests use {@link createCellportTestDatabases} to run on PostgreSQL too.
 *
 * @public
 */
export function inMemorySqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
}
