import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { AlertRule } from '@cellport/plugin-observability-common';
import { alertName, renderRuleFile } from './renderRules';
import { RuleLoader } from './RuleLoader';

const rule = (overrides: Partial<AlertRule> = {}): AlertRule => ({
  id: '8b1f3c1e-0000-4000-8000-000000000001',
  app: 'shop',
  name: 'errors',
  metric: 'errorRatio',
  threshold: 0.05,
  for: '2m',
  severity: 'critical',
  createdBy: 'user:default/alice',
  createdAt: '2026-12-06T00:00:00.000Z',
  updatedAt: '2026-12-06T00:00:00.000Z',
  ...overrides,
});

// the real promtool (Debian's prometheus package); CI installs it
const loader = new RuleLoader({ logger: mockServices.logger.mock() });

describe('renderRuleFile', () => {
  it('renders every metric as a rule promtool accepts, confined to the app', async () => {
    const rules = (['errorRatio', 'latencyP99', 'restarts', 'cpu', 'memory'] as const).map(
      (metric, i) => rule({ id: `id-${i}`, name: `r-${metric.toLowerCase()}`, metric }),
    );
    const file = renderRuleFile('shop', rules);
    await expect(loader.check(file)).resolves.toBeUndefined();
    for (const line of file.split('\n').filter(l => l.includes('expr:'))) {
      expect(line).toContain('namespace="shop",app="shop"');
    }
    expect(file).toContain('alert: Cellport_shop_r_errorratio');
    expect(file).toContain('cellport_app: shop');
    expect(file).toContain('> 0.05');
  });

  it('names alerts with valid metric names', () => {
    expect(alertName({ app: 'pay-api', name: 'p99-slow' })).toBe('Cellport_pay_api_p99_slow');
  });

  it("refuses a summary template promtool rejects, with promtool's reason", async () => {
    const file = renderRuleFile('shop', [rule({ summary: 'ratio {{ $value ' })]);
    const error = await loader.check(file).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^Prometheus rejects these alert rules: .*template/);
  });
});
