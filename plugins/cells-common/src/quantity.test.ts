import { cpuMillis, memoryBytes, parseQuantity } from './quantity';

describe('Kubernetes quantities', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    ['1.5', 1500],
    ['100u', 1],
  ])('cpu %s is %d millicores', (q, m) => expect(cpuMillis(q)).toBe(m));

  it.each([
    ['128Mi', 128 * 1024 * 1024],
    ['1Gi', 1024 ** 3],
    ['2G', 2e9],
    ['1e3', 1000],
    ['512', 512],
  ])('memory %s is %d bytes', (q, b) => expect(memoryBytes(q)).toBe(b));

  it('rejects what is not a quantity', () => {
    expect(() => parseQuantity('12 apples')).toThrow(/invalid quantity/);
    expect(() => parseQuantity('1Xi')).toThrow(/invalid quantity suffix/);
  });
});
