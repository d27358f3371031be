import { createCellportTestDatabases } from '@cellport/test-utils';
import { Knex } from 'knex';
import {
  applyReleaseMigrations,
  RELEASE_TABLES,
} from '../../database/releaseMigrations';
import { applyQuotaMigrations } from '../quota/quotaMigrations';
import { OperationsReport } from './OperationsReport';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();
const NOW = Date.parse('2026-12-06T15:00:00Z');
const DAY = 86_400_000;

describe.each(databases.eachSupportedId())('OperationsReport on %p', databaseId => {
  let knex: Knex;
  let now = NOW;
  let report: OperationsReport;

  const release = (id: string, createdAt: number, state: string, finishedAt?: number) =>
    knex(RELEASE_TABLES.releases).insert({
      id,
      app: 'payments',
      version: `v-${id}`,
      state,
      on_failure: 'rollback',
      from_versions: '{}',
      version_spec: '{}',
      stable_specs: '{}',
      reason: state === 'succeeded' ? null : `gate failed in ${id}`,
      created_by: 'user:default/alice',
      created_at: createdAt,
      updated_at: finishedAt ?? createdAt,
      finished_at: finishedAt ?? null,
    });

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyReleaseMigrations(knex);
    await applyQuotaMigrations(knex);
    report = new OperationsReport(knex, () => now);
  });

  it('counts each day from the durable records, every day present', async () => {
    now = NOW - 2 * DAY;
    await report.record({ kind: 'deploy', app: 'payments', version: 'v1', actor: 'user:default/alice' });
    now = NOW;
    await report.record({ kind: 'deploy', app: 'payments', version: 'v2', actor: 'user:default/alice' });
    await report.record({ kind: 'scale', app: 'payments', version: 'v2', cell: 'dev-1', actor: 'user:default/alice' });
    await report.record({ kind: 'scale', app: 'payments', version: 'v2', cell: 'dev-2', actor: 'user:default/alice' });
    now = NOW - 40 * DAY; // outside the window
    await report.record({ kind: 'deploy', app: 'payments', version: 'v0', actor: 'user:default/alice' });
    now = NOW;
    await release('r1', NOW - DAY - 1000, 'rolled-back', NOW - 1000);
    await release('r2', NOW - 500, 'succeeded', NOW - 100);
    await release('r3', NOW - 300, 'failed', NOW - 200);
    await release('r4', NOW - 200, 'running');

    const { days, failedReleases } = await report.report(3);
    expect(days).toEqual([
      { date: '2026-12-04', deploys: 1, releases: 0, rollbacks: 0, scalings: 0 },
      { date: '2026-12-05', deploys: 0, releases: 1, rollbacks: 0, scalings: 0 },
      { date: '2026-12-06', deploys: 1, releases: 3, rollbacks: 1, scalings: 2 },
    ]);
    expect(failedReleases).toEqual([
      {
        app: 'payments',
        releaseId: 'r3',
        version: 'v-r3',
        failedAt: new Date(NOW - 200).toISOString(),
        reason: 'gate failed in r3',
        startedBy: 'user:default/alice',
      },
      expect.objectContaining({ releaseId: 'r1', failedAt: new Date(NOW - 1000).toISOString() }),
    ]);
    const month = await report.report(30);
    expect(month.days).toHaveLength(30);
    expect(month.days[0].date).toBe('2026-11-07');
    expect(month.days.reduce((n, d) => n + d.deploys, 0)).toBe(2);
  });
});
