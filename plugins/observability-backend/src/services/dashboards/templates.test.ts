import { PANEL_IDS } from '@cellport/plugin-observability-common';
import { appMatchers, panelQuery } from './templates';
import { rangeBounds } from './DashboardService';

describe('panel templates', () => {
  it('confine every panel to the app, whatever the split', () => {
    for (const id of PANEL_IDS) {
      for (const labels of [['cell'], ['version'], ['cell', 'pod', 'container']]) {
        const q = panelQuery(id, 'shop', labels, '1m');
        const selectors = q.match(/\{[^}]*\}/g) ?? [];
        expect(selectors.length).toBeGreaterThan(0);
        for (const s of selectors) {
          expect(s).toContain('namespace="shop",app="shop"');
        }
        expect(q).toContain(`by (${labels.join(', ')}`);
      }
    }
  });

  it('refuses anything but an app name', () => {
    expect(() => appMatchers('shop"} or up{x="')).toThrow(TypeError);
    expect(() => appMatchers('Shop')).toThrow(TypeError);
  });
});

describe('rangeBounds', () => {
  it('keeps at most 240 points, steps of 5 s multiples, the end aligned to the step', () => {
    const now = Date.parse('2026-12-06T10:00:07Z');
    expect(rangeBounds('15m', now)).toMatchObject({ step: 5, window: '60s' });
    expect(rangeBounds('1h', now)).toMatchObject({ step: 15 });
    const week = rangeBounds('7d', now);
    expect(week.step).toBe(2520);
    expect((week.end - week.start) / week.step).toBeLessThanOrEqual(240);
    expect(week.end % week.step).toBe(0);
    expect(week.window).toBe('5040s');
  });
});
