// What the Cellport plugins cost a Backstage backend, production build (scripts/build-backend.sh, run with
// NODE_ENV=production from its deploy folder): time from process spawn to readiness and resident memory
// once ready, for Cellport's backend and for the same backend started with CELLPORT_BACKEND_PLUGINS=none
// (no Cellport plugin or module; the Cellport permission policy stays, the permission backend needs one),
// alternately in one run, with the same configuration and the same database kind (SQLite, a fresh folder
// per start). Goal from issue 17: at most 1.3 times. Also the frontend bundle: gzip size of the app's
// JavaScript, and what of it comes from Cellport's own packages (attributed through the bundle's source
// maps, test/bench/_bundleShare.mjs).
// Short form (CELLPORT_BENCH_SHORT=1): one start of each instead of three. Figures printed, never asserted.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { cellportBundleShare } from './_bundleShare.mjs';
import { benchBackendConfig, repoRoot, sized } from './_portal.mjs';

const ROUNDS = sized('CELLPORT_BENCH_FOOTPRINT_ROUNDS', 3, 1);

// the production build of this instance (quick when it is up to date: the suite's test portal built it)
const stateDir = execFileSync(
  'bash',
  [
    '-c',
    '. scripts/lib/node.sh && . scripts/lib/ports.sh && echo "$CELLPORT_STATE_DIR"',
  ],
  {
    cwd: repoRoot,
    encoding: 'utf8',
  },
).trim();
const deploy = path.join(stateDir, 'backend-dist');
execFileSync(
  'bash',
  [path.join(repoRoot, 'scripts/build-backend.sh'), deploy],
  { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
);

const rssMb = pid =>
  Number(
    /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1],
  ) / 1024;

/** Starts the production backend, waits for readiness, lets it settle, measures and stops it. */
async function measure(withCellport) {
  const { dir, url, config } = await benchBackendConfig('cellport-footprint-');
  const t0 = performance.now();
  // from packages/backend of the deploy folder, as scripts/start.sh runs it (app-config.yaml's relative paths)
  const child = spawn(
    process.execPath,
    [
      '.',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      config,
    ],
    {
      cwd: path.join(deploy, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        CELLPORT_BACKEND_PLUGINS: withCellport ? 'all' : 'none',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', d => (stderr = (stderr + d).slice(-4000)));
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `backend exited ${child.exitCode}: ${stderr.slice(-1500)}`,
        );
      const ready = await fetch(`${url}/.backstage/health/v1/readiness`).then(
        r => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline)
        throw new Error(
          `backend not ready within 300 s: ${stderr.slice(-1500)}`,
        );
      await new Promise(r => setTimeout(r, 100));
    }
    const readyMs = performance.now() - t0;
    const rssAtReady = rssMb(child.pid);
    await new Promise(r => setTimeout(r, 5000)); // the first scheduled tasks and catalog pass start
    return {
      readyMs,
      rssAtReadyMb: rssAtReady,
      rssSettledMb: rssMb(child.pid),
    };
  } finally {
    const exited = new Promise(r =>
      child.exitCode !== null ? r() : child.once('exit', r),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = { cellport: [], without: [] };
for (let i = 0; i < ROUNDS; i++) {
  // alternate, so a load change on the machine falls on both
  samples.cellport.push(await measure(true));
  samples.without.push(await measure(false));
}
const summary = list => ({
  readyMs: Math.round(median(list.map(s => s.readyMs))),
  rssAtReadyMb: Math.round(median(list.map(s => s.rssAtReadyMb))),
  rssSettledMb: Math.round(median(list.map(s => s.rssSettledMb))),
});
const cellport = summary(samples.cellport);
const without = summary(samples.without);
const ratio = (a, b) => Math.round((a / b) * 100) / 100;

function frontendBundle() {
  const dist = path.join(repoRoot, 'packages/app/dist');
  const files = fs
    .readdirSync(path.join(dist, 'static'))
    .filter(f => f.endsWith('.js'));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const content = fs.readFileSync(path.join(dist, 'static', f));
    raw += content.length;
    gzip += zlib.gzipSync(content, { level: 9 }).length;
  }
  const result = {
    jsFiles: files.length,
    jsKb: Math.round(raw / 1024),
    jsGzipKb: Math.round(gzip / 1024),
  };
  // what of it is Cellport's own code, from the bundle's source maps (a lower bound: libraries only
  // the Cellport plugins use count as not Cellport's)
  const share = cellportBundleShare(path.join(dist, 'static'));
  result.cellportKb = Math.round(share.cellportBytes / 1024);
  result.cellportShare = ratio(share.cellportBytes, share.totalBytes);
  result.cellportGzipKbEstimate = Math.round(
    (gzip * (share.cellportBytes / share.totalBytes)) / 1024,
  );
  result.cellportKbByPlugin = Object.fromEntries(
    Object.entries(share.perPlugin)
      .sort((a, b) => b[1] - a[1])
      .map(([plugin, bytes]) => [plugin, Math.round(bytes / 1024)]),
  );
  return result;
}

console.log(
  JSON.stringify({
    bench: 'backend-footprint',
    short: ROUNDS === 1,
    rounds: ROUNDS,
    cellport,
    withoutCellport: without,
    ratio: {
      readyTime: ratio(cellport.readyMs, without.readyMs),
      rssAtReady: ratio(cellport.rssAtReadyMb, without.rssAtReadyMb),
      rssSettled: ratio(cellport.rssSettledMb, without.rssSettledMb),
    },
    goalRatio: 1.3,
    frontend: frontendBundle(),
    loadAverage: os.loadavg().map(l => Math.round(l * 10) / 10),
  }),
);
