/**
 * Pages of an app's alert rules over a real database (SQLite and PostgreSQL): by name, each rule
 * once, other apps' rules never counted; the status is the one of every rule of the app.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { PageRequest, parsePageQuery } from '@cellport/common';
import { AlertRule } from '@cellport/plugin-observability-common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { AlertStore } from '../../database/AlertStore';
import { applyMigrations } from '../../database/migrations';
import { AlertRuleService } from './AlertRuleService';
import { RuleLoader } from './RuleLoader';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

function rule(app: string, name: string): AlertRule {
  return {
    id: `${app}-${name}`,
    app,
    name,
    metric: 'errorRatio',
    threshold: 1,
    for: '5m',
    severity: 'warning',
    createdBy: 'user:default/alice',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  } as AlertRule;
}

describe.each(databases.eachSupportedId())('AlertRuleService pages on %p', databaseId => {
  let rules: AlertRuleService;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    const store = new AlertStore(knex);
    const logger = mockServices.logger.mock();
    // no rule folder: nothing is written, the status says so
    rules = new AlertRuleService(store, new RuleLoader({ logger }), logger);
    for (const name of ['p99', 'errors-2', 'errors-10', 'cpu', 'a-1']) {
      await store.insertRule(rule('shop', name));
    }
    for (const name of ['b', 'errors-3']) await store.insertRule(rule('other', name));
  });

  it('walks every rule of the app once, by name, two at a time', async () => {
    const names: string[] = [];
    let request: PageRequest = { limit: 2 };
    for (let i = 0; i < 10; i++) {
      const page = await rules.list('shop', request);
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.items.every(r => r.app === 'shop')).toBe(true);
      expect(page.status.loaded).toBe(false);
      names.push(...page.items.map(r => r.name));
      if (!page.nextCursor) break;
      request = parsePageQuery({ limit: '2', cursor: page.nextCursor }, 1);
    }
    expect(names).toEqual(['a-1', 'cpu', 'errors-10', 'errors-2', 'p99']);
  });

  it('answers the whole list in one page by default, without a cursor', async () => {
    const page = await rules.list('shop');
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBeUndefined();
  });
});
