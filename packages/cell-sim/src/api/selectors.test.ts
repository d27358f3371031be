import { fieldSelectorPredicate, labelSelectorPredicate, matchesLabelSelector, formatLabelSelector } from './selectors';

const obj = (labels: Record<string, string>, extra: any = {}) => ({ metadata: { name: 'n', namespace: 'ns', labels }, ...extra });

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'api' }, false],
    ['app!=web', {}, true],
    ['app in (web,api),tier notin (db)', { app: 'api', tier: 'fe' }, true],
    ['app in (web,api),tier notin (db)', { app: 'api', tier: 'db' }, false],
    ['canary', { canary: '' }, true],
    ['!canary', { canary: 'x' }, false],
    ['', { any: 'thing' }, true],
  ])('%s matches %j: %s', (sel, labels, want) => {
    expect(labelSelectorPredicate(sel)(obj(labels))).toBe(want);
  });

  it('rejects malformed selectors with 400', () => {
    expect(() => labelSelectorPredicate('app in web')).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => labelSelectorPredicate('a=b c')).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('matches structured selectors and formats them', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }] };
    expect(matchesLabelSelector(sel, { app: 'web', track: 'stable' })).toBe(true);
    expect(matchesLabelSelector(sel, { app: 'web', track: 'canary' })).toBe(false);
    expect(formatLabelSelector(sel)).toBe('app=web,track in (stable)');
  });
});

describe('field selectors', () => {
  it('supports pod fields and rejects unknown ones', () => {
    const pod = obj({}, { spec: { nodeName: 'n1' }, status: { phase: 'Running' } });
    expect(fieldSelectorPredicate('Pod', 'spec.nodeName=n1,status.phase!=Pending')(pod)).toBe(true);
    expect(fieldSelectorPredicate('Pod', 'metadata.namespace=other')(pod)).toBe(false);
    // Kinds with their own field label conversion (pods) word it differently from the others (v1.26).
    expect(() => fieldSelectorPredicate('Pod', 'data.x=1')).toThrow(/^field label not supported: data\.x$/);
    expect(() => fieldSelectorPredicate('ConfigMap', 'data.x=1')).toThrow(/^"data\.x" is not a known field selector: only "metadata\.name", "metadata\.namespace"$/);
  });
});
