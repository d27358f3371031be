import os from 'node:os';
import { parseArgs } from 'node:util';
import { BuildAgent } from './BuildAgent';

const USAGE = `usage: build-agent --etcd URL[,URL] --state-dir DIR [--host NAME] [--capacity N]
                   [--prefix /builds] [--lease-ttl SECONDS] [--registry HOST:PORT]... [--insecure-registry HOST:PORT]...
Runs a Cellport build agent until SIGTERM/SIGINT. --registry: where FROM short names resolve.`;

/**
 * The `build-agent` command.
 *
 * @public
 */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      etcd: { type: 'string' },
      'state-dir': { type: 'string' },
      host: { type: 'string' },
      capacity: { type: 'string' },
      prefix: { type: 'string' },
      'lease-ttl': { type: 'string' },
      registry: { type: 'string', multiple: true },
      'insecure-registry': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.etcd || !values['state-dir']) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const positive = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`--${name} must be a positive integer`);
    }
    return n;
  };
  const host = values.host ?? os.hostname();
  if (!/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(host)) {
    throw new Error(`--host '${host}' must be a lowercase host name`);
  }
  const agent = await BuildAgent.start({
    host,
    etcdHosts: values.etcd.split(','),
    stateDir: values['state-dir'],
    capacity: positive(values.capacity, 'capacity'),
    prefix: values.prefix,
    leaseTtlSeconds: positive(values['lease-ttl'], 'lease-ttl'),
    searchRegistries: values.registry ?? [],
    insecureRegistries: values['insecure-registry'] ?? [],
  });
  await new Promise<void>(resolve => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await agent.stop();
  return 0;
}
