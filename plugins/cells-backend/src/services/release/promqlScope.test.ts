import {
  ERROR_RATIO_QUERY,
  METRIC_GATE_PRESETS,
} from '@cellport/plugin-cells-common';
import { durationSeconds, scopePromql } from './promqlScope';

const scope = { namespace: 'shop', app: 'shop' };

describe('scopePromql', () => {
  it('adds the namespace matcher to every vector selector', () => {
    expect(scopePromql('up', scope)).toBe('up{namespace="shop"}');
    expect(scopePromql('up{}', scope)).toBe('up{namespace="shop"}');
    expect(
      scopePromql(
        'sum(rate(http_requests_total{app="shop",version="v2"}[1m])) / count(up)',
        scope,
      ),
    ).toBe(
      'sum(rate(http_requests_total{namespace="shop",app="shop",version="v2"}[1m])) / count(up{namespace="shop"})',
    );
    expect(scopePromql('{__name__=~"http_.*"}', scope)).toBe(
      '{namespace="shop",__name__=~"http_.*"}',
    );
    expect(
      scopePromql('max_over_time(up[10m:30s] offset 5m) + vector(1)', scope),
    ).toBe('max_over_time(up{namespace="shop"}[10m:30s] offset 5m) + vector(1)');
  });

  it.each(METRIC_GATE_PRESETS.map(p => [p.gate.name, p.gate.query]))(
    'takes the preset %s',
    (_name, query) => {
      const rendered = query
        .replace(/\{\{\s*app\s*\}\}/g, 'shop')
        .replace(/\{\{\s*version\s*\}\}/g, 'v2')
        .replace(/\{\{\s*cell\s*\}\}/g, 'c1')
        .replace(/\{\{\s*\w+\s*\}\}/g, 'x');
      expect(scopePromql(rendered, scope)).toContain('namespace="shop"');
    },
  );

  it('keeps the presets working', () => {
    const rendered = ERROR_RATIO_QUERY.replace(/\{\{app\}\}/g, 'shop')
      .replace(/\{\{version\}\}/g, 'v2')
      .replace(/\{\{cell\}\}/g, 'c1');
    const scoped = scopePromql(rendered, scope);
    expect(scoped.match(/namespace="shop"/g)?.length).toBe(
      rendered.match(/http_requests_total|up\b/g)?.length,
    );
  });

  it.each([
    ['sum(http_requests_total{app="secapp"})', /app="secapp"/],
    ['sum(container_memory_usage_bytes{namespace="secapp"})', /namespace="secapp"/],
    ['count(up{app=~"secap.*",version="v2"})', /app=~"secap\.\*"/],
    ['up{namespace!="shop"}', /namespace!="shop"/],
    ["up{namespace=~'sh.p'}", /namespace=~"sh\.p"/],
    ['up{app="shop",namespace=`other`}', /namespace="other"/],
  ])('refuses %s (another app)', (query, shown) => {
    expect(() => scopePromql(query, scope)).toThrow(shown);
    expect(() => scopePromql(query, scope)).toThrow(/own app only/);
  });

  it('accepts matchers on the app itself', () => {
    expect(scopePromql('up{namespace="shop",app="shop"}', scope)).toBe(
      'up{namespace="shop",namespace="shop",app="shop"}',
    );
  });

  it.each([
    ['sum(rate(http_requests_total[2h]))', /looks back at most 3600 s; its range is 7200/],
    ['up offset 1d', /offset is 86400/],
    ['max_over_time(up[2h:1m])', /subquery range is 7200/],
    ['max_over_time(up[10m:1s])', /resolution is at least 10 s/],
    ['up @ 1700000000', /@ modifier/],
    [Array.from({ length: 11 }, (_, i) => `m${i}`).join(' + '), /at most 10 series selectors/],
    ['sum(up', /does not parse/],
    ['up{', /does not parse/],
    ['{"namespace"="secapp"}', /quoted label names|does not parse/],
  ])('refuses %s (cost or syntax)', (query, message) => {
    expect(() => scopePromql(query, scope)).toThrow(message);
  });

  it('reads durations', () => {
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('90')).toBe(90);
    expect(durationSeconds('500ms')).toBe(0.5);
    expect(durationSeconds('5x')).toBeUndefined();
  });
});
