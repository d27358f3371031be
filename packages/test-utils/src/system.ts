/** What the machine offers a test: free loopback ports and installed commands. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * A TCP port free on `address` (default 127.0.0.1) right now; the OS picks it.
 *
 * @public
 */
export function freePort(address = '127.0.0.1'): Promise<number> {
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
