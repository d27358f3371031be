/** What the machine offers a test: free loopback ports and installed commands. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Ports this process has handed out: the OS may offer a just-closed port again. */
const handedOut = new Set<number>();

function bindAndRelease(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP port free on `address` (default 127.0.0.1) right now; the OS picks it. Never the same
 * port twice in one process: callers that take several ports before starting their servers (etcd,
 * Prometheus, ...) would otherwise sometimes get one port for two of them.
 *
 * @public
 */
export async function freePort(address = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await bindAndRelease(address);
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(
    `no free port on ${address} that this process has not handed out already`,
  );
}

/**
 * Whether an executable `command` is on the PATH (or in /usr/sbin, /sbin, where Debian puts
 * daemons such as nginx), so a test of a real component can say what is missing.
 *
 * @public
 */
export function hasCommand(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(':')
    .concat(['/usr/sbin', '/sbin'])
    .some(dir => {
      try {
        fs.accessSync(path.join(dir, command), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}
