import { pullsText } from './pullsText';

describe('pullsText', () => {
  it('says pull for one and pulls otherwise', () => {
    expect(pullsText(0)).toBe('0 pulls');
    expect(pullsText(1)).toBe('1 pull');
    expect(pullsText(12)).toBe('12 pulls');
  });
});
