// Shared by the cells benchmarks: simulated cells (startSimulator of @cellport/cell-sim, in this
// process or in a child process of their own through its CLI; free ports) and the real cells
// backend plugin on SQLite, in this process, with the mock services of plugins/cells-backend's plugin tests
// (startTestBackend's defaults, mock httpAuth and catalog, the Cellport permission policy in process)
// but the production HTTP stack: the default root router and its middleware, bound to 127.0.0.1
// (startTestBackend itself listens on every interface). Plus a keep-alive HTTP client and figures.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort, repoRoot } from './_portal.mjs';

const pluginDir = path.join(repoRoot, 'plugins/cells-backend');
const require = createRequire(path.join(pluginDir, 'package.json'));
// The plugin and the simulator are TypeScript: load them through the Backstage CLI's node transform.
require('@backstage/cli/config/nodeTransform.cjs');
const { mockCredentials, mockServices } = require('@backstage/backend-test-utils');
const alphaMocks = require('@backstage/backend-test-utils/alpha');
const { createSpecializedBackend } = require('@backstage/backend-app-api');
const { rootHttpRouterServiceFactory } = require('@backstage/backend-defaults/rootHttpRouter');
const { discoveryServiceFactory } = require('@backstage/backend-defaults/discovery');
const { catalogServiceMock } = require('@backstage/plugin-catalog-node/testUtils');
const { startSimulator } = require('@cellport/cell-sim');
const knexFactory = require('knex');
const { default: cellsPlugin } = require('@cellport/plugin-cells-backend');

const { policyPermissionsFactory } = require(path.join(pluginDir, 'src/__testUtils__/policyPermissions.ts'));


/** Percentile of already sorted values (nearest rank). */
export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
export const median = values => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** The Authorization header of a user for the mock httpAuth of the test backend. */
export const as = user => mockCredentials.user.header(user);

const userEntity = ref => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: {},
});

/**
 * Starts the simulated cells in a child process (`packages/cell-sim/bin/cell-sim`, free ports,
 * state in `dir`); resolves with handles shaped like those of `startSimulator` once it is ready.
 */
async function startSimulatorProcess({ cells, region, dir }) {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'packages/cell-sim/bin/cell-sim'), '--cells', cells.join(','), '--region', region,
      '--state-dir', dir, '--nodes', '2', '--hpa-sync-ms', '1000'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', d => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise(r => child.once('exit', r));
  const ready = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`cell-sim not ready within 60 s: ${stderr}`)), 60_000);
    child.stdout.on('data', d => {
      stdout += d;
      const line = stdout.split('\n').find(l => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    exited.then(code => {
      clearTimeout(timer);
      reject(new Error(`cell-sim exited (${code}): ${stderr}`));
    });
  });
  const tokens = Object.fromEntries(
    JSON.parse(fs.readFileSync(path.join(dir, 'cells.json'), 'utf8')).cells.map(c => [c.name, c.token]),
  );
  const handles = ready.cells.map(c => {
    const kubeconfig = fs.readFileSync(c.kubeconfig, 'utf8');
    return {
      name: c.name,
      url: c.url,
      token: tokens[c.name],
      kubeconfig,
      writeKubeconfig(file) {
        fs.writeFileSync(file, kubeconfig, { mode: 0o600 });
        return file;
      },
    };
  });
  return {
    pid: child.pid,
    cells: handles,
    cell: name => handles.find(h => h.name === name),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Starts `plugin` alone in a backend with startTestBackend's default services (the mock services
 * of the plugins' tests: mock httpAuth and catalog with `users`, the Cellport permission policy in
 * process) but the production HTTP stack (the default root router and its middleware) bound to
 * 127.0.0.1 on a free port, its database `knex`, and `config` beside `backend`. Returns the
 * backend and its base URL.
 */
export async function startPluginBackend({ plugin, knex, users, config = {}, logLevel = process.env.BENCH_LOG_LEVEL ?? 'error' }) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auth.factory(),
      mockServices.auditor.factory(),
      mockServices.cache.factory(),
      mockServices.httpRouter.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissionsRegistry.factory(),
      mockServices.rootHealth.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.scheduler.factory(),
      mockServices.userInfo.factory(),
      mockServices.urlReader.factory(),
      mockServices.events.factory(),
      alphaMocks.actionsRegistryServiceMock.factory(),
      alphaMocks.actionsServiceMock.factory(),
      alphaMocks.metricsServiceMock.factory(),
      alphaMocks.tracingServiceMock.factory(),
      catalogServiceMock.factory({ entities: users.map(userEntity) }),
      policyPermissionsFactory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.database.factory({ knex }),
      mockServices.rootLogger.factory({ level: logLevel }),
      mockServices.rootConfig.factory({
        data: { backend: { baseUrl, listen: { host: '127.0.0.1', port } }, ...config },
      }),
      // the production root router (helmet, compression, request logging, error mapping)
      rootHttpRouterServiceFactory(),
      discoveryServiceFactory,
    ],
  });
  backend.add(plugin);
  await backend.start();
  return { backend, url: baseUrl };
}

/**
 * Starts simulated cells `cells` (one region `region`; in this process, or in a child process
 * when `simProcess`) and the cells backend plugin configured with them, on SQLite in a temporary
 * folder. `users` are the catalog users (`user:default/<name>`). Returns the base URL of the
 * plugin's API, the simulator handles, a JSON client and `stop()`.
 */
export async function startCellsBackend({ cells, region = 'bench', users, cellsConfig = {}, simProcess = false, logLevel = process.env.BENCH_LOG_LEVEL ?? 'error' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-bench-cells-'));
  let sim;
  let backend;
  let knex;
  const stop = async () => {
    await backend?.stop().catch(() => {});
    await knex?.destroy().catch(() => {});
    await sim?.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    sim = simProcess
      ? await startSimulatorProcess({ cells, region, dir: path.join(dir, 'cells') })
      : await startSimulator({
        cells: cells.map(name => ({ name, region, port: 0, nodes: 2 })),
        timings: { hpaSyncPeriodMs: 1000 },
      });
    const regions = [{
      name: region,
      cells: cells.map(name => ({
        name,
        kubeconfigFile: sim.cell(name).writeKubeconfig(path.join(dir, `${name}.kubeconfig`)),
        simulated: true,
      })),
    }];
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'cells.sqlite') },
      useNullAsDefault: true,
    });
    const started = await startPluginBackend({
      plugin: cellsPlugin,
      knex,
      users,
      logLevel,
      config: { cellport: { cells: { ...cellsConfig, regions } } },
    });
    backend = started.backend;
    const baseUrl = started.url;
    return { url: `${baseUrl}/api/cells`, sim, knex, client: jsonClient(`${baseUrl}/api/cells`), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A JSON client over keep-alive connections (at most `maxSockets` at once), accepting gzip.
 * `call(method, path, user, body)` resolves `{ status, body, ms, bytes, wireBytes }`; `ms` is the
 * time to the last byte of the answer, decompressed.
 */
export function jsonClient(base, maxSockets = 16) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const call = (method, p, user, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const start = performance.now();
      const req = http.request(`${base}${p}`, {
        method,
        agent,
        headers: {
          authorization: as(user),
          accept: 'application/json',
          // as a browser does: the root router compresses what it may
          'accept-encoding': 'gzip',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      }, res => {
        const chunks = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire) : wire).toString();
          const ms = performance.now() - start;
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode, body: json, ms, bytes: Buffer.byteLength(text), wireBytes: wire.length });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  /** Like `call`, but rejects unless the status is `expect` (default: any 2xx). */
  const ok = async (method, p, user, body, expect) => {
    const res = await call(method, p, user, body);
    if (expect ? res.status !== expect : res.status < 200 || res.status > 299) {
      throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
  };
  return { call, ok, close: () => agent.destroy() };
}

/**
 * Runs `requests` calls of `fn` (returning `{ status, ms }`) on `clients` concurrent loops;
 * returns the sorted latencies, the error count and the wall time.
 */
export async function load({ requests, clients, fn }) {
  const ms = [];
  let next = 0;
  let errors = 0;
  let firstError;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < requests) {
      next++;
      const res = await fn();
      ms.push(res.ms);
      if (res.status !== 200) {
        errors++;
        firstError ??= `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      }
    }
  }));
  const wallMs = performance.now() - t0;
  ms.sort((a, b) => a - b);
  return { ms, errors, firstError, wallMs };
}

/** The usual latency figures of a {@link load} result. */
export const latencyFigures = r => ({
  requests: r.ms.length,
  p50Ms: round(pct(r.ms, 50), 2),
  p99Ms: round(pct(r.ms, 99), 2),
  maxMs: round(r.ms[r.ms.length - 1], 2),
  perSecond: round(r.ms.length / (r.wallMs / 1000), 1),
  errors: r.errors,
  ...(r.firstError ? { firstError: r.firstError } : {}),
});

/** Polls `check` until it returns a truthy value (every `everyMs`), or throws after `timeoutMs`. */
export async function eventually(what, check, timeoutMs = 120_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${last.message ?? last})` : ''}`);
    await new Promise(r => setTimeout(r, everyMs));
  }
}
