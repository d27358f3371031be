import fs from 'node:fs';
import yaml from 'js-yaml';
import { CellOptions, CellTimings } from '../cell/Cell';
import { parseKubeVersion } from '../api/version';

/** Parsed command line of the cell-sim CLI. */
export interface CliConfig {
  cells: CellOptions[];
  stateDir?: string;
  adminPort?: number;
  timings: Partial<CellTimings>;
  kubernetesVersion?: string;
}

/** Usage text. */
export const USAGE = `Usage: cell-sim [options]

Runs simulated Kubernetes cells (a Kubernetes API whose pods are real HTTP servers on loopback).

Options:
  --cells <a,b,...>        cell names (default: dev-1,dev-2)
  --region <name>          region of the cells (default: dev)
  --port-base <port>       API port of the first cell; the next cells use the following ports
                           (default: 0 = free ports). The admin server uses port-base - 1.
  --admin-port <port>      admin HTTP port (default: port-base - 1, or a free port)
  --state-dir <dir>        where kubeconfigs, cells.json and Prometheus targets are written
                           (default: .cellport/cells)
  --tls                    serve HTTPS with a generated CA (the default; needs openssl)
  --no-tls                 serve plain HTTP (kubectl then sends no token: only for old clients)
  --kubernetes-version <v> the version the cells follow (default v1.26.15; newer behaviour,
                           e.g. watch lists from v1.27, only when configured)
  --nodes <n>              simulated nodes per cell (default: 4)
  --pod-address-base <ip>  first pod address of the first cell, e.g. 127.20.0.1; the next
                           cells use the next /16 (default: derived from the process id)
  --token <token>          API token for every cell (default: random per cell)
  --config <file>          YAML/JSON config: { stateDir, adminPort, timings, kubernetesVersion, cells: [{ name, region,
                           port, token, tls, nodes, podAddressBase }] }
  --crashloop-base-ms <ms> first CrashLoopBackOff delay (default 10000)
  --hpa-sync-ms <ms>       HPA sync period (default 15000)
  -h, --help               this text

       cell-sim prometheus-config --cells-json <file> [options]

Prints Prometheus scrape configs for the cells of a cells.json (see: cell-sim prometheus-config --help).
`;

function nextOctet(base: string, i: number): string {
  const p = base.split('.').map(Number);
  return `${p[0]}.${(p[1] + i) % 256}.${p[2]}.${p[3]}`;
}

/** Parses argv (without node and script) into a config; throws with a message on bad input. */
export function parseArgs(argv: string[]): CliConfig | 'help' {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return 'help';
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
    } else if (a === '--tls' || a === '--no-tls') {
      flags.set(a.slice(2), true);
    } else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`option ${a} needs a value`);
      flags.set(a.slice(2), v);
      i++;
    }
  }
  const known = ['cells', 'region', 'port-base', 'admin-port', 'state-dir', 'tls', 'no-tls', 'kubernetes-version', 'nodes', 'pod-address-base', 'token', 'config', 'crashloop-base-ms', 'hpa-sync-ms'];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}\n\n${USAGE}`);
  const num = (k: string): number | undefined => {
    const v = flags.get(k);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535 * 1000) throw new Error(`--${k} must be a non-negative integer (got "${v}")`);
    return n;
  };
  let file: any = {};
  const cfgPath = flags.get('config');
  if (typeof cfgPath === 'string') {
    file = yaml.load(fs.readFileSync(cfgPath, 'utf8')) ?? {};
    if (typeof file !== 'object') throw new Error(`config file ${cfgPath} must hold an object`);
  }
  const region = (flags.get('region') as string | undefined) ?? file.region ?? 'dev';
  const portBase = num('port-base');
  const names = typeof flags.get('cells') === 'string'
    ? (flags.get('cells') as string).split(',').map(s => s.trim()).filter(Boolean)
    : undefined;
  const podBase = flags.get('pod-address-base') as string | undefined;
  if (podBase && !/^127\.\d+\.\d+\.\d+$/.test(podBase)) throw new Error('--pod-address-base must be a 127.x.y.z address');
  const nodes = num('nodes');
  const token = flags.get('token') as string | undefined;
  let cells: CellOptions[];
  if (names) {
    cells = names.map((name, i) => ({
      name,
      region,
      port: portBase ? portBase + i : 0,
      ...(token ? { token } : {}),
      ...(nodes !== undefined ? { nodes } : {}),
      ...(podBase ? { podAddressBase: nextOctet(podBase, i) } : {}),
    }));
  } else if (Array.isArray(file.cells)) {
    cells = file.cells.map((c: any, i: number) => ({ region, ...c, port: c.port ?? (portBase ? portBase + i : 0) }));
  } else {
    cells = ['dev-1', 'dev-2'].map((name, i) => ({ name, region, port: portBase ? portBase + i : 0 }));
  }
  if (portBase !== undefined && (portBase < 2 || portBase + cells.length > 65535)) throw new Error('--port-base is out of range');
  const adminPort = num('admin-port') ?? file.adminPort ?? (portBase ? portBase - 1 : 0);
  const timings: Partial<CellTimings> = { ...(file.timings ?? {}) };
  const crash = num('crashloop-base-ms');
  if (crash !== undefined) timings.crashLoopBackOffBaseMs = crash;
  const hpa = num('hpa-sync-ms');
  if (hpa !== undefined) timings.hpaSyncPeriodMs = hpa;
  if (flags.get('no-tls')) cells = cells.map(c => ({ ...c, tls: false }));
  if (flags.get('tls') && flags.get('no-tls')) throw new Error('--tls and --no-tls exclude each other');
  const kubernetesVersion = (flags.get('kubernetes-version') as string | undefined) ?? file.kubernetesVersion;
  if (kubernetesVersion !== undefined) parseKubeVersion(kubernetesVersion);
  return {
    cells,
    kubernetesVersion,
    stateDir: (flags.get('state-dir') as string | undefined) ?? file.stateDir ?? '.cellport/cells',
    adminPort,
    timings,
  };
}
