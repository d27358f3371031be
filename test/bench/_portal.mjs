// Shared by the portal benchmarks: start a backend of our own (temporary SQLite, free port), wait for it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A port, a fresh SQLite folder and a config file for a benchmark's own backend (no identity provider
 * is reached in a benchmark: the OIDC discovery is kept out of the start).
 */
export async function benchBackendConfig(prefix = 'cellport-bench-') {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const url = `http://127.0.0.1:${port}`;
  const config = path.join(dir, 'app-config.bench.yaml');
  fs.writeFileSync(
    config,
    [
      `app: { baseUrl: '${url}' }`,
      `backend:`,
      `  baseUrl: '${url}'`,
      `  listen: { host: 127.0.0.1, port: ${port} }`,
      `  cors: { origin: '${url}' }`,
      `  database: { client: better-sqlite3, connection: { directory: '${dir}/sqlite' } }`,
      `auth: { providers: { oidc: null } }`,
    ].join('\n'),
  );
  return { port, dir, url, config };
}

/** Starts the backend with its own port and SQLite folder; resolves once it is ready. */
export async function startBackend() {
  const { dir, url, config } = await benchBackendConfig();
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/index.ts',
      '--config', path.join(repoRoot, 'app-config.yaml'), '--config', config],
    { cwd: path.join(repoRoot, 'packages/backend'), env: { ...process.env, NODE_ENV: 'development' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', d => (stderr = (stderr + d).slice(-4000)));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backend exited: ${stderr}`);
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // never leave the backend behind
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`backend not ready within 300 s: ${stderr.slice(-1000)}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  const readyMs = performance.now() - t0;
  return {
    url,
    readyMs,
    pid: child.pid,
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
    },
    stop: async () => {
      // a graceful stop, and SIGKILL when the backend has not gone within 20 s
      const exited = new Promise(r => (child.exitCode !== null ? r() : child.once('exit', r)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function guestToken(url) {
  const res = await fetch(`${url}/api/auth/guest/refresh`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  return (await res.json()).backstageIdentity.token;
}

/** Waits until the catalog has processed the example entity. */
export async function waitForEntity(url, ref = 'component/default/payments-api') {
  const token = await guestToken(url);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/catalog/entities/by-name/${ref}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${ref} not in the catalog within 120 s`);
}

/**
 * The short form of the benchmarks (`CELLPORT_BENCH_SHORT=1`, what the test suite runs): a few
 * seconds each, the same code paths and figures, smaller counts. Figures are printed, never asserted.
 */
export const SHORT = ['1', 'true', 'yes'].includes(String(process.env.CELLPORT_BENCH_SHORT ?? '').toLowerCase());

/** `long` normally, `short` in the short form; an explicit environment variable wins over both. */
export const sized = (envName, long, short) => Number(process.env[envName] || (SHORT ? short : long));
