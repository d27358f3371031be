import { applyCellWeights } from './evacuation';

const s = (address: string, cell: string, weight = 1) => ({ address, cell, version: 'v1', weight });

describe('applyCellWeights', () => {
  const servers = [s('a', 'dev-1'), s('b', 'dev-1'), s('c', 'dev-2'), s('d', 'dev-2', 3)];

  it('leaves servers as they are without marks', () => {
    expect(applyCellWeights(servers, new Map())).toBe(servers);
  });

  it('takes the servers of a cell at 0 percent out', () => {
    expect(applyCellWeights(servers, new Map([['dev-2', 0]])).map(x => x.address)).toEqual(['a', 'b']);
  });

  it('gives a ramping cell its percent of the weight, relative to the others', () => {
    const out = applyCellWeights(servers, new Map([['dev-2', 25]]));
    expect(out.map(x => [x.address, x.weight])).toEqual([
      ['a', 100],
      ['b', 100],
      ['c', 25],
      ['d', 75],
    ]);
  });

  it('keeps at least weight 1 above 0 percent and zero-weight servers at 0', () => {
    const out = applyCellWeights([s('a', 'dev-1'), s('c', 'dev-2', 0), s('e', 'dev-2', 1)], new Map([['dev-2', 0.1 as any]]));
    expect(out.map(x => x.weight)).toEqual([100, 0, 1]);
  });

  it('changes nothing at 100 percent', () => {
    expect(applyCellWeights(servers, new Map([['dev-2', 100]]))).toEqual(servers);
  });
});
