import { hostNameProblem, isDnsLabel, isHostName } from './names';
import { parseSlbKey, slbKeys } from './keys';

describe('host names', () => {
  it.each(['shop.example.com', 'a.b', 'x-1.dev.cellport.local', 'a1.b2.c3'])(
    'accepts %s',
    name => expect(isHostName(name)).toBe(true),
  );
  it.each([
    ['', 'empty'],
    ['localhost', 'two labels'],
    ['Shop.example.com', 'lower case'],
    ['-a.example.com', "label '-a'"],
    ['a..b', "label ''"],
    ['a_b.example.com', "label 'a_b'"],
    ['10.0.0.1', 'all digits'],
    [`${'a'.repeat(64)}.com`, 'label'],
    [`${'a.'.repeat(127)}com`, '253'],
  ])('rejects %j (%s)', (name, why) => {
    expect(hostNameProblem(name)).toContain(why);
  });
  it('labels', () => {
    expect(isDnsLabel('dev-public')).toBe(true);
    expect(isDnsLabel('Dev')).toBe(false);
    expect(isDnsLabel('a-')).toBe(false);
  });
});

describe('keys', () => {
  it('round-trips the layout', () => {
    expect(parseSlbKey('g', slbKeys.domain('g', 'a.example.com'))).toEqual({
      kind: 'domain',
      name: 'a.example.com',
    });
    expect(parseSlbKey('g', slbKeys.upstream('g', 'shop', 8080))).toEqual({
      kind: 'upstream',
      name: 'shop:8080',
    });
    expect(parseSlbKey('g', slbKeys.agent('g', 'lb-1'))).toEqual({
      kind: 'agent',
      name: 'lb-1',
    });
    expect(parseSlbKey('g', '/slb/other/domains/x.y')).toBeUndefined();
    expect(parseSlbKey('g', '/slb/g/other/x')).toBeUndefined();
    expect(parseSlbKey('g', '/slb/g/domains/a/b')).toBeUndefined();
  });
});
