import { buildsEtcdKeys } from '@cellport/plugin-builds-common';
import { Reporter } from './Reporter';

describe('Reporter', () => {
  it('sends batched log lines and reports in order, with secrets and the token masked', async () => {
    const sent: Array<[string, any]> = [];
    const reporter = new Reporter(
      async (key, value) => {
        sent.push([key, JSON.parse(value)]);
      },
      buildsEtcdKeys('/t'),
      'b1',
      2,
      ['npm-s3cret', ''],
      10_000,
    );
    reporter.log('token npm-s3cret in a line');
    reporter.log('second line');
    await reporter.report({
      type: 'step',
      step: 'clone',
      state: 'running',
      at: 'now',
    });
    reporter.addSecret('registry-token');
    reporter.log('push with registry-token');
    await reporter.report({
      type: 'result',
      state: 'failed',
      at: 'now',
      reason: 'denied for registry-token',
    });
    await reporter.drain();
    expect(sent.map(([k]) => k)).toEqual([
      '/t/reports/b1/002/000000000',
      '/t/reports/b1/002/000000001',
      '/t/reports/b1/002/000000002',
      '/t/reports/b1/002/000000003',
    ]);
    expect(sent[0][1].lines.map((l: any) => l.text)).toEqual([
      'token ****** in a line',
      'second line',
    ]);
    expect(sent[1][1]).toEqual({
      type: 'step',
      step: 'clone',
      state: 'running',
      at: 'now',
    });
    expect(sent[2][1].lines[0].text).toBe('push with ******');
    expect(sent[3][1].reason).toBe('denied for ******');
  });

  it('retries a failed send, then reports the failure on drain', async () => {
    let calls = 0;
    const reporter = new Reporter(
      async () => {
        calls++;
        throw new Error('etcd down');
      },
      buildsEtcdKeys(),
      'b1',
      1,
      [],
    );
    const done = reporter.report({ type: 'token-request', at: 'now' });
    await done;
    await expect(reporter.drain()).rejects.toThrow('etcd down');
    expect(calls).toBe(6);
  }, 30_000);
});
