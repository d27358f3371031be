/**
 * `slb-agent`: command line of the LB host agent.
 */
import { parseArgs } from 'node:util';
import { SlbAgent } from './Agent';
import { jsonLogger, SlbAgentOptions } from './options';

const USAGE = `usage: slb-agent --group G --host H --etcd URL[,URL] --address IP --http-port N
                 --admin-port N --metrics-port N --state-dir DIR
                 [--workers N] [--reload-interval-ms N] [--lease-ttl S] [--nginx BIN] [--keep-nginx]
                 [--https-port N --cert-dir DIR]`;

function int(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required\n${USAGE}`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

/** Parses the command line into agent options. */
export function parseAgentArgs(argv: string[]): SlbAgentOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      group: { type: 'string' },
      host: { type: 'string' },
      etcd: { type: 'string' },
      address: { type: 'string' },
      'http-port': { type: 'string' },
      'admin-port': { type: 'string' },
      'metrics-port': { type: 'string' },
      'state-dir': { type: 'string' },
      workers: { type: 'string' },
      'reload-interval-ms': { type: 'string' },
      'lease-ttl': { type: 'string' },
      nginx: { type: 'string' },
      'keep-nginx': { type: 'boolean' },
      'https-port': { type: 'string' },
      'cert-dir': { type: 'string' },
    },
  });
  for (const key of ['group', 'host', 'etcd', 'address', 'state-dir'] as const) {
    if (!values[key]) throw new Error(`--${key} is required\n${USAGE}`);
  }
  return {
    group: values.group!,
    host: values.host!,
    etcdEndpoints: values.etcd!.split(',').map(s => s.trim()).filter(Boolean),
    address: values.address!,
    httpPort: int('http-port', values['http-port']),
    adminPort: int('admin-port', values['admin-port']),
    metricsPort: int('metrics-port', values['metrics-port']),
    stateDir: values['state-dir']!,
    workers: int('workers', values.workers, 2),
    reloadMinIntervalMs: int('reload-interval-ms', values['reload-interval-ms'], 1000),
    leaseTtlSeconds: int('lease-ttl', values['lease-ttl'], 10),
    nginxBinary: values.nginx,
    keepNginx: values['keep-nginx'] ?? false,
    httpsPort: values['https-port'] ? int('https-port', values['https-port']) : undefined,
    certificateDir: values['cert-dir'],
  };
}

/** Runs the agent until SIGTERM/SIGINT; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const options = parseAgentArgs(argv);
  const logger = jsonLogger({ group: options.group, host: options.host });
  const agent = await SlbAgent.start(options, logger);
  logger.info('slb agent running', {
    address: `${options.address}:${options.httpPort}`,
    metrics: `${options.address}:${options.metricsPort}`,
  });
  return new Promise(resolve => {
    const stop = (signal: string) => {
      logger.info(`${signal}: stopping`);
      agent.stop().then(
        () => resolve(0),
        e => {
          logger.error('stop failed', { error: String(e) });
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
