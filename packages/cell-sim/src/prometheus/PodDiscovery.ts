import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { HttpSdTargetGroup, podTargetGroups } from './podTargets';

/** How {@link PodDiscovery} reaches the Kubernetes API of one cell. */
export interface DiscoveryCell {
  name: string;
  /** API server URL. */
  server: string;
  /** Bearer token. */
  token: string;
  /** PEM CA certificate of an HTTPS API server. */
  caCert?: string;
  /** Skip TLS verification (plain-HTTP simulated cells need it for @kubernetes/client-node). */
  skipTLSVerify?: boolean;
}

/** Options of {@link PodDiscovery}. */
export interface PodDiscoveryOptions {
  /** How long a first request waits for a cell's initial list (default 10 s). */
  syncTimeoutMs?: number;
  /** Called when a cell's list or watch fails (it is retried with back-off). */
  onError?: (cell: string, error: unknown) => void;
}

interface CellState {
  cell: DiscoveryCell;
  informer: k8s.ListWatch<k8s.V1Pod>;
  synced: boolean;
  lastError?: unknown;
  started?: Promise<void>;
  /** The latest list (+ watch start) in flight. */
  current?: Promise<void>;
  retry?: NodeJS.Timeout;
  retryDelayMs: number;
}

/** Raised when a cell's pods are not known yet (never listed successfully). */
export class DiscoveryUnavailableError extends Error {}

function kubeConfigFor(cell: DiscoveryCell): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{
      name: cell.name,
      server: cell.server,
      ...(cell.caCert ? { caData: Buffer.from(cell.caCert).toString('base64') } : {}),
      skipTLSVerify: cell.skipTLSVerify ?? cell.server.startsWith('http:'),
    }],
    users: [{ name: cell.name, token: cell.token }],
    contexts: [{ name: cell.name, cluster: cell.name, user: cell.name }],
    currentContext: cell.name,
  });
  return kc;
}

/**
 * Prometheus pod discovery through the Kubernetes API, for Prometheus builds without
 * `kubernetes_sd_configs` (Debian's package): it lists and watches the pods of all namespaces of
 * each cell (an informer on `/api/v1/pods`, like Prometheus' own discovery) and serves them in the
 * `http_sd_configs` format with the `__meta_kubernetes_*` labels of the pod role, so the relabel
 * rules of {@link cellRelabelConfigs} apply unchanged. Works for real clusters and simulated cells.
 *
 * Informers start on first use. When a cell becomes unreachable the last known pods keep being
 * served (as Prometheus' informer cache does) while the watch is retried.
 */
export class PodDiscovery {
  private readonly cells = new Map<string, CellState>();
  private stopped = false;

  constructor(cells: DiscoveryCell[], private readonly options: PodDiscoveryOptions = {}) {
    for (const cell of cells) {
      if (this.cells.has(cell.name)) throw new Error(`duplicate cell "${cell.name}"`);
      const kc = kubeConfigFor(cell);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      // what makeInformer builds, typed as ListWatch for latestResourceVersion(); not auto-started
      const informer = new k8s.ListWatch<k8s.V1Pod>('/api/v1/pods', new k8s.Watch(kc), () => core.listPodForAllNamespaces(), false);
      const state: CellState = { cell, informer, synced: false, retryDelayMs: 500 };
      informer.on('error', err => this.onError(state, err));
      informer.on('connect', () => {
        state.retryDelayMs = 500;
      });
      this.cells.set(cell.name, state);
    }
  }

  /** Names of the cells served. */
  get cellNames(): string[] {
    return [...this.cells.keys()];
  }

  private onError(state: CellState, err: unknown) {
    state.lastError = err;
    this.options.onError?.(state.cell.name, err);
    if (this.stopped || state.retry) return;
    state.retry = setTimeout(() => {
      state.retry = undefined;
      if (!this.stopped) void this.run(state);
    }, state.retryDelayMs);
    state.retry.unref();
    state.retryDelayMs = Math.min(state.retryDelayMs * 2, 10_000);
  }

  private run(state: CellState): Promise<void> {
    state.current = state.informer.start().then(() => {
      if (state.informer.latestResourceVersion()) state.synced = true;
    });
    return state.current;
  }

  private ensureStarted(state: CellState): Promise<void> {
    state.started ??= this.run(state);
    return state.started;
  }

  /** Starts the informers of every cell now instead of on first use. */
  async start(): Promise<void> {
    await Promise.all([...this.cells.values()].map(s => this.ensureStarted(s)));
  }

  /**
   * The current targets of a cell, in the `http_sd_configs` format. Waits for the cell's first
   * list on first use; throws {@link DiscoveryUnavailableError} when the cell has never been listed.
   */
  async targetGroups(cellName: string): Promise<HttpSdTargetGroup[]> {
    const state = this.cells.get(cellName);
    if (!state) throw new Error(`unknown cell "${cellName}"`);
    if (this.stopped) throw new DiscoveryUnavailableError('pod discovery is stopped');
    await this.ensureStarted(state);
    const deadline = Date.now() + (this.options.syncTimeoutMs ?? 10_000);
    while (!state.synced && Date.now() < deadline && !this.stopped) {
      await new Promise(r => setTimeout(r, 100));
      if (state.informer.latestResourceVersion()) state.synced = true;
    }
    if (!state.synced) {
      const reason = (state.lastError as Error)?.message ?? String(state.lastError ?? 'no answer');
      throw new DiscoveryUnavailableError(`cell ${cellName}: pods not listed yet: ${reason}`);
    }
    const pods = [...state.informer.list()];
    pods.sort((a, b) => `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`));
    return pods.flatMap(p => podTargetGroups(p));
  }

  /**
   * Answers an `http_sd_configs` request for a cell: 200 with the target groups, 404 for an
   * unknown cell, 503 while its pods are unknown (Prometheus then keeps its previous targets).
   */
  async respond(cellName: string, res: ServerResponse): Promise<void> {
    let code = 200;
    let body: unknown;
    if (!this.cells.has(cellName)) {
      code = 404;
      body = { error: `unknown cell "${cellName}"; cells: ${this.cellNames.join(', ')}` };
    } else {
      try {
        body = await this.targetGroups(cellName);
      } catch (e) {
        code = 503;
        body = { error: String((e as Error)?.message ?? e) };
      }
    }
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    res.end(text);
  }

  /** Stops every informer. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.cells.values()) {
      if (s.retry) clearTimeout(s.retry);
      // a list in flight would open its watch after stop(): let it finish first (bounded)
      if (s.current) await Promise.race([s.current, new Promise(r => setTimeout(r, 2000).unref())]);
      await s.informer.stop();
    }
  }
}

/** A running {@link startPodDiscoveryServer}. */
export interface PodDiscoveryServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The `http_sd_configs` URL of a cell: `<url>/cells/<cell>/targets`. */
  urlFor(cell: string): string;
  discovery: PodDiscovery;
  stop(): Promise<void>;
}

/**
 * Serves {@link PodDiscovery} over HTTP on a loopback port: `GET /cells/<cell>/targets` for
 * Prometheus' `http_sd_configs`, `GET /healthz`.
 */
export async function startPodDiscoveryServer(options: { cells: DiscoveryCell[]; host?: string; port?: number } & PodDiscoveryOptions): Promise<PodDiscoveryServer> {
  const discovery = new PodDiscovery(options.cells, options);
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const m = path.match(/^\/cells\/([^/]+)\/targets$/);
    if (req.method === 'GET' && m) {
      void discovery.respond(decodeURIComponent(m[1]), res);
      return;
    }
    const ok = path === '/healthz';
    res.writeHead(ok ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(ok ? { ok: true } : { error: 'try GET /cells/<cell>/targets' }));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urlFor: cell => `${url}/cells/${encodeURIComponent(cell)}/targets`,
    discovery,
    async stop() {
      await discovery.stop();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
