import { UpstreamServer } from '@cellport/plugin-slb-common';
import { newVersionFraction, weighServers } from './trafficWeights';

function servers(counts: Record<string, number>): UpstreamServer[] {
  let n = 0;
  return Object.entries(counts).flatMap(([version, count]) =>
    Array.from({ length: count }, () => ({
      address: `10.0.0.${++n}:8080`,
      cell: n % 2 ? 'c1' : 'c2',
      version,
      weight: 1,
    })),
  );
}

describe('weighServers', () => {
  it('gives 1 new pod beside 4 old ones exactly its 10% share, not the 20% of its replicas', () => {
    const out = weighServers(servers({ v1: 4, v2: 1 }), { version: 'v2', percent: 10 });
    expect(newVersionFraction(out, 'v2')).toBeCloseTo(0.1, 4);
    expect(out.filter(s => s.version === 'v2').map(s => s.weight)).toEqual([4444]);
    expect(out.filter(s => s.version === 'v1').map(s => s.weight)).toEqual([10000, 10000, 10000, 10000]);
  });

  it.each([
    [1, 3, 7],
    [5, 2, 50],
    [33, 7, 13],
    [90, 1, 9],
    [1, 500, 1],
    [99, 500, 500],
    [50, 1, 1],
  ])('keeps %i%% within half a point with %i old and %i new servers', (percent, old, fresh) => {
    const out = weighServers(servers({ v1: old, v2: fresh }), { version: 'v2', percent });
    expect(Math.abs(newVersionFraction(out, 'v2') * 100 - percent)).toBeLessThan(0.5);
    for (const s of out) {
      expect(Number.isInteger(s.weight)).toBe(true);
      expect(s.weight).toBeGreaterThanOrEqual(1);
      expect(s.weight).toBeLessThanOrEqual(10000);
    }
  });

  it('sends nothing new to a side with share 0 or 100 (a rollback gives it all back to the old version)', () => {
    const back = weighServers(servers({ v1: 2, v2: 2 }), { version: 'v2', percent: 0 });
    expect(back.filter(s => s.version === 'v2').every(s => s.weight === 0)).toBe(true);
    expect(newVersionFraction(back, 'v1')).toBe(1);
    const all = weighServers(servers({ v1: 2, v2: 2 }), { version: 'v2', percent: 100 });
    expect(newVersionFraction(all, 'v2')).toBe(1);
  });

  it('weighs by replicas without a share, or when one side has no server', () => {
    const mixed = servers({ v1: 3, v2: 1 });
    expect(weighServers(mixed, undefined).map(s => s.weight)).toEqual([1, 1, 1, 1]);
    expect(weighServers(servers({ v1: 3 }), { version: 'v2', percent: 10 }).map(s => s.weight)).toEqual([1, 1, 1]);
    expect(weighServers(servers({ v2: 2 }), { version: 'v2', percent: 0 }).map(s => s.weight)).toEqual([1, 1]);
  });

  it('counts every version other than the release one as old (several stable versions across cells)', () => {
    const out = weighServers(servers({ v1: 2, v0: 2, v2: 2 }), { version: 'v2', percent: 25 });
    expect(newVersionFraction(out, 'v2')).toBeCloseTo(0.25, 4);
  });
});
