import { mockServices } from '@backstage/backend-test-utils';
import { TokenUseRecorder } from './TokenUseRecorder';

describe('TokenUseRecorder', () => {
  function setup(touch: (ids: string[]) => Promise<void>) {
    let now = 1_000_000;
    const recorder = new TokenUseRecorder({
      touch,
      logger: mockServices.logger.mock(),
      flushIntervalMs: 60_000,
      now: () => now,
    });
    return { recorder, advance: (ms: number) => (now += ms) };
  }

  it('writes queued uses in one call, at most once a minute per token', async () => {
    const calls: string[][] = [];
    const { recorder, advance } = setup(async ids => {
      calls.push(ids);
    });
    recorder.record('a');
    recorder.record('b');
    recorder.record('a');
    expect(calls).toEqual([]); // not on the request path
    await recorder.flush();
    expect(calls).toEqual([['a', 'b']]);

    advance(30_000);
    recorder.record('a');
    await recorder.flush();
    expect(calls).toHaveLength(1); // written 30 s ago

    advance(31_000);
    recorder.record('a');
    await recorder.flush();
    expect(calls).toEqual([['a', 'b'], ['a']]);
  });

  it('a failed write is logged, never thrown, and the token is written at its next use', async () => {
    const calls: string[][] = [];
    let fail = true;
    const { recorder } = setup(async ids => {
      calls.push(ids);
      if (fail) throw new Error('database is locked');
    });
    recorder.record('a');
    await expect(recorder.flush()).resolves.toBeUndefined();
    fail = false;
    recorder.record('a');
    await recorder.flush();
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('flushes by itself after the interval', async () => {
    const written = new Promise<string[]>(resolve => {
      const recorder = new TokenUseRecorder({
        touch: async ids => resolve(ids),
        flushIntervalMs: 10,
      });
      recorder.record('x');
    });
    await expect(written).resolves.toEqual(['x']);
  });
});
