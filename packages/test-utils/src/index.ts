import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
];

/**
 * The databases Cellport stores are tested on: SQLite and the PostgreSQL server that `npm test`
 * starts (it exports `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING`).
 *
 * Use it in place of `TestDatabases.create()` and iterate with `describe.each(databases.eachSupportedId())`.
 * Under CI (`CI` set) a missing PostgreSQL fails the suite instead of silently testing SQLite only.
 *
 * @public
 */
export function createCellportTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: [...POSTGRES_IDS, 'SQLITE_3'],
    disableDocker: true,
  });
  const hasPostgres = POSTGRES_IDS.some(id => databases.supports(id));
  if (process.env.CI && !hasPostgres) {
    throw new Error(
      'CI requires PostgreSQL for store tests: set BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (npm test does)',
    );
  }
  return databases;
}

export {
  platformAdminPermissions,
  policyPermissions,
  policyPermissionsFactory,
} from './policyPermissions';
export type { PolicyPermissionsOptions } from './policyPermissions';
export { startHttpLoad } from './httpLoad';
export type { HttpLoad, HttpLoadOptions, HttpLoadResult } from './httpLoad';
export { eventually } from './eventually';
export type { EventuallyOptions } from './eventually';
export { freePort, hasCommand } from './system';
export {
  catalogGroup,
  catalogUser,
  createTestAccess,
  recordingAuditor,
} from './access';
export type { RecordedAuditEvent, TestAccessOptions } from './access';
export { inMemorySqlite } from './sqlite';
