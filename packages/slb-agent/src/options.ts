/**
 * The settings of one agent (one Nginx host of an LB group).
 *
 * @public
 */
export interface SlbAgentOptions {
  /** The LB group: the agent watches `/slb/{group}/`. */
  group: string;
  /** This host's name in the group (its key `/slb/{group}/agents/{host}`). */
  host: string;
  /** etcd client URLs. */
  etcdEndpoints: string[];
  /** The address Nginx's data servers listen on. */
  address: string;
  httpPort: number;
  /** The loopback address and port of the Lua admin endpoint (default: `address`). */
  adminAddress?: string;
  adminPort: number;
  /** Where the agent serves `/metrics` and `/health` (default: `address`). */
  metricsAddress?: string;
  metricsPort: number;
  /** The agent's folder: Nginx configuration, pid, logs, the last applied state. */
  stateDir: string;
  /** The Nginx binary (default `nginx`). */
  nginxBinary?: string;
  /** Nginx worker processes (default 2). */
  workers?: number;
  /** Least time between two reloads; structural changes arriving faster are coalesced (default 1000). */
  reloadMinIntervalMs?: number;
  /** TTL of the registration lease (default 10 s). */
  leaseTtlSeconds?: number;
  /** Leave Nginx running when the agent stops (default false: Nginx quits gracefully with the agent). */
  keepNginx?: boolean;
  /** HTTPS port and certificate folder for domains with TLS. */
  httpsPort?: number;
  certificateDir?: string;
}

/**
 * A minimal structured logger.
 *
 * @public
 */
export interface AgentLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * A logger writing one JSON line per message to stderr.
 *
 * @public
 */
export function jsonLogger(fields: Record<string, unknown>): AgentLogger {
  const write = (level: string, message: string, meta?: object) =>
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields, ...meta })}\n`,
    );
  return {
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
  };
}
