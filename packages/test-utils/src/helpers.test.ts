import { eventually } from './eventually';
import { freePort, hasCommand } from './system';
import net from 'node:net';

describe('eventually', () => {
  it('returns the first truthy value, treating errors as not yet', async () => {
    let calls = 0;
    const value = await eventually(
      'third call',
      async () => {
        calls++;
        if (calls === 1) throw new Error('not ready');
        return calls === 3 ? 'done' : undefined;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it("with until 'defined' returns false and 0 as answers", async () => {
    await expect(eventually('a false', () => false, { until: 'defined' })).resolves.toBe(false);
    await expect(eventually('a zero', () => 0, { until: 'defined' })).resolves.toBe(0);
  });

  it('fails after the timeout naming what, with the last error or value', async () => {
    await expect(
      eventually('the moon', async () => { throw new Error('no moon'); }, { timeoutMs: 30, intervalMs: 5 }),
    ).rejects.toThrow(/^the moon: not within 30 ms \(last error: no moon\)$/);
    await expect(eventually('a count', () => 0, 20)).rejects.toThrow(
      'a count: not within 20 ms (last value: 0)',
    );
  });
});

describe('freePort and hasCommand', () => {
  it('gives a port that can be listened on at once', async () => {
    const port = await freePort();
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
    expect((server.address() as net.AddressInfo).port).toBe(port);
    await new Promise(resolve => server.close(resolve));
  });

  it('never hands out one port twice, even when the OS offers it again', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('finds sh and not a made-up command', () => {
    expect(hasCommand('sh')).toBe(true);
    expect(hasCommand('no-such-command-cellport')).toBe(false);
  });
});
