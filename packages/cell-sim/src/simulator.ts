import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { Cell, CellOptions, CellTimings } from './cell/Cell';
import { buildKubeconfig, writeFileAtomic } from './kubeconfig';
import { PodDiscovery } from './prometheus/PodDiscovery';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** The cells to serve (each on its own loopback port). */
  cells: CellOptions[];
  /**
   * Directory for kubeconfigs (`<cell>.kubeconfig`, combined `kubeconfig`), `cells.json` and
   * Prometheus file_sd targets (`prometheus/targets-<cell>.json`). Nothing is written without it.
   */
  stateDir?: string;
  /** Timings (defaults follow the real components). */
  timings?: Partial<CellTimings>;
  /**
   * Port of the admin HTTP server (`/_sim/cells`, `/_sim/reachable`); 0 picks a free port;
   * undefined: no admin server.
   */
  adminPort?: number;
  /**
   * Kubernetes version of the cells that do not set their own (default v1.26.15, the floor
   * Cellport supports): `/version`, API options, messages and features follow it.
   */
  kubernetesVersion?: string;
}

/** Handle of one running simulated cell. */
export interface SimulatedCell {
  name: string;
  region: string;
  /** API server URL, e.g. http://127.0.0.1:6551. */
  url: string;
  /** Bearer token accepted by the API. */
  token: string;
  /** PEM CA certificate when the cell serves TLS. */
  caCert?: string;
  /** First pod address of the cell's range. */
  podAddressBase: string;
  /** Kubeconfig YAML with one context named after the cell. */
  kubeconfig: string;
  /** Writes the kubeconfig to a file (mode 0600) and returns its path. */
  writeKubeconfig(file: string): string;
  /** The underlying cell (store, API semantics) for advanced tests. */
  cell: Cell;
}

/** A running simulator. */
export interface Simulator {
  cells: SimulatedCell[];
  /** Finds a cell handle by name (throws when unknown). */
  cell(name: string): SimulatedCell;
  /** Kubeconfig YAML with one context per cell. */
  kubeconfig: string;
  /** Writes the combined kubeconfig to a file and returns its path. */
  writeKubeconfig(file: string): string;
  /** Makes a cell's API unreachable (connection refused) or reachable again. */
  setReachable(cell: string, reachable: boolean): Promise<void>;
  /** Admin server URL when started. */
  adminUrl?: string;
  /** Stops every cell: API servers, controllers and all pod servers. */
  stop(): Promise<void>;
}

/** Default timings: those of a real cluster. */
export const DEFAULT_TIMINGS: CellTimings = {
  crashLoopBackOffBaseMs: 10_000,
  crashLoopBackOffMaxMs: 300_000,
  hpaSyncPeriodMs: 15_000,
  bookmarkIntervalMs: 60_000,
  watchCacheSize: 20_000,
};

/** Path prefix of the admin server's Prometheus `http_sd_configs` endpoints (`<prefix>/<cell>`). */
const SD_PATH = '/_sim/prometheus/sd';

let instanceCounter = 0;

/** Picks a default pod range per simulator instance and cell so that parallel simulators rarely overlap. */
function defaultPodBase(instance: number, index: number): string {
  const second = 16 + ((((process.pid % 97) * 2 + instance * 7) % 200) + index) % 224;
  return `127.${second}.0.1`;
}

function validateCellName(name: string) {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
    throw new Error(`cell name "${name}" must be a DNS-1123 label (lower case letters, digits and '-')`);
  }
}

/**
 * Starts simulated cells in this process.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ cells: [{ name: 'dev-1' }, { name: 'dev-2' }] });
 * sim.cell('dev-1').writeKubeconfig('/tmp/dev-1.kubeconfig');
 * await sim.stop();
 * ```
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  if (!options.cells?.length) throw new Error('startSimulator needs at least one cell');
  const names = new Set<string>();
  for (const c of options.cells) {
    validateCellName(c.name);
    if (names.has(c.name)) throw new Error(`duplicate cell name "${c.name}"`);
    names.add(c.name);
  }
  const timings = { ...DEFAULT_TIMINGS, ...(options.timings ?? {}) };
  const instance = instanceCounter++;
  const stateDir = options.stateDir ? path.resolve(options.stateDir) : undefined;
  const writeTargets = (cell: Cell) => {
    if (!stateDir) return;
    const targets = cell.targets().map(t => ({
      targets: [t.address],
      labels: { cell: cell.name, region: cell.region, namespace: t.namespace, pod: t.pod, container: t.container, app: t.app, version: t.version, node: t.node },
    }));
    writeFileAtomic(path.join(stateDir, 'prometheus', `targets-${cell.name}.json`), `${JSON.stringify(targets, null, 2)}\n`, 0o644);
  };
  const cells: Cell[] = [];
  try {
    for (const [i, opts] of options.cells.entries()) {
      const cellOpts = { ...opts, kubernetesVersion: opts.kubernetesVersion ?? options.kubernetesVersion };
      cells.push(await Cell.start(cellOpts, timings, opts.podAddressBase ?? defaultPodBase(instance, i), writeTargets));
    }
  } catch (e) {
    await Promise.all(cells.map(c => c.stop()));
    throw e;
  }
  const handles: SimulatedCell[] = cells.map(cell => ({
    name: cell.name,
    region: cell.region,
    url: cell.url,
    token: cell.token,
    caCert: cell.caCert,
    podAddressBase: cell.podAddressBase,
    kubeconfig: cell.kubeconfig,
    writeKubeconfig(file: string) {
      writeFileAtomic(file, cell.kubeconfig);
      return file;
    },
    cell,
  }));
  const combined = buildKubeconfig(cells.map(c => ({ name: c.name, server: c.url, token: c.token, caCert: c.caCert })));
  const find = (name: string) => {
    const h = handles.find(c => c.name === name);
    if (!h) throw new Error(`unknown cell "${name}"`);
    return h;
  };
  let admin: http.Server | undefined;
  let adminUrl: string | undefined;
  const sd = lazyPodDiscovery(cells);
  if (options.adminPort !== undefined) {
    admin = http.createServer((req, res) => handleAdmin(req, res, cells, sd).catch(e => sendAdmin(res, 500, { error: String(e?.message ?? e) })));
    await new Promise<void>((resolve, reject) => {
      admin!.once('error', reject);
      admin!.listen(options.adminPort, '127.0.0.1', () => resolve());
    });
    adminUrl = `http://127.0.0.1:${(admin.address() as AddressInfo).port}`;
  }
  if (stateDir) {
    for (const h of handles) writeFileAtomic(path.join(stateDir, `${h.name}.kubeconfig`), h.kubeconfig);
    writeFileAtomic(path.join(stateDir, 'kubeconfig'), combined);
    writeFileAtomic(path.join(stateDir, 'cells.json'), `${JSON.stringify({
      simulated: true,
      pid: process.pid,
      adminUrl,
      cells: handles.map(h => ({
        name: h.name, region: h.region, url: h.url, token: h.token, kubeconfig: path.join(stateDir, `${h.name}.kubeconfig`), caCert: h.caCert,
        ...(adminUrl ? { prometheusSdUrl: `${adminUrl}${SD_PATH}/${h.name}` } : {}),
      })),
    }, null, 2)}\n`);
    for (const c of cells) writeTargets(c);
  }
  let stopped = false;
  return {
    cells: handles,
    cell: find,
    kubeconfig: combined,
    writeKubeconfig(file: string) {
      writeFileAtomic(file, combined);
      return file;
    },
    setReachable: (name, reachable) => find(name).cell.setReachable(reachable),
    adminUrl,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (admin) {
        admin.closeAllConnections();
        await new Promise<void>(resolve => admin!.close(() => resolve()));
      }
      await sd.stop();
      await Promise.all(cells.map(c => c.stop()));
      if (stateDir) for (const c of cells) writeFileAtomic(path.join(stateDir, 'prometheus', `targets-${c.name}.json`), '[]\n', 0o644);
    },
  };
}

function sendAdmin(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

interface LazyPodDiscovery {
  get(): PodDiscovery;
  stop(): Promise<void>;
}

/**
 * The pod discovery served by the admin server, created on first use: it lists and watches each
 * cell's pods through the cell's own API with @kubernetes/client-node, like Prometheus would.
 */
function lazyPodDiscovery(cells: Cell[]): LazyPodDiscovery {
  let created: PodDiscovery | undefined;
  return {
    get() {
      created ??= new PodDiscovery(cells.map(c => ({ name: c.name, server: c.url, token: c.token, caCert: c.caCert })));
      return created;
    },
    async stop() {
      await created?.stop();
    },
  };
}

async function handleAdmin(req: IncomingMessage, res: ServerResponse, cells: Cell[], sd: LazyPodDiscovery): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith(`${SD_PATH}/`) && req.method === 'GET') {
    await sd.get().respond(decodeURIComponent(url.pathname.slice(SD_PATH.length + 1)), res);
    return;
  }
  const describe = () => cells.map(c => ({ name: c.name, region: c.region, url: c.url, reachable: c.reachable, simulated: true }));
  if (url.pathname === '/healthz') {
    sendAdmin(res, 200, { ok: true });
    return;
  }
  if (url.pathname === '/_sim/cells' && req.method === 'GET') {
    sendAdmin(res, 200, { cells: describe() });
    return;
  }
  if (url.pathname === '/_sim/reachable') {
    if (req.method === 'GET') {
      sendAdmin(res, 200, Object.fromEntries(cells.map(c => [c.name, c.reachable])));
      return;
    }
    if (req.method !== 'POST' && req.method !== 'PUT') {
      sendAdmin(res, 405, { error: 'use GET, POST or PUT' });
      return;
    }
    let body: any = {};
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        sendAdmin(res, 400, { error: 'body must be JSON like {"cell":"dev-1","reachable":false}' });
        return;
      }
    }
    const name = body.cell ?? url.searchParams.get('cell');
    const raw = body.reachable ?? url.searchParams.get('reachable');
    const flags: Record<string, boolean> = { true: true, false: false };
    const reachable = flags[String(raw)];
    const cell = cells.find(c => c.name === name);
    if (!cell) {
      sendAdmin(res, 404, { error: `unknown cell "${name}"; cells: ${cells.map(c => c.name).join(', ')}` });
      return;
    }
    if (reachable === undefined) {
      sendAdmin(res, 400, { error: 'reachable must be true or false' });
      return;
    }
    await cell.setReachable(reachable);
    sendAdmin(res, 200, { cells: describe() });
    return;
  }
  sendAdmin(res, 404, { error: `not found; try GET /_sim/cells, GET ${SD_PATH}/<cell> or POST /_sim/reachable {"cell":"<name>","reachable":false}` });
}
