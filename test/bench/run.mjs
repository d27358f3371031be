#!/usr/bin/env node
// Runs every benchmark in this folder (every *.mjs but this one), one after the other. Each prints one
// JSON line of figures; this runner passes them through and adds nothing but a failure line when a
// benchmark fails. Figures are printed, never asserted. `npm run bench [-- name-filter]`.
// CELLPORT_BENCH_SHORT=1 runs every benchmark in its short form (a few seconds each; what the test
// suite runs, so a benchmark that no longer runs fails the suite). Under CI=true a benchmark that
// skips (prints "skipped") fails too: the suite runs them while its test portal is up.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHORT } from './_portal.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const scripts = fs
  .readdirSync(here)
  .filter(f => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .filter(f => !filter || f.includes(filter))
  .sort();

let failures = 0;
for (const script of scripts) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [path.join(here, script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: (SHORT ? 5 : 20) * 60_000,
  });
  process.stdout.write(result.stdout ?? '');
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  // a benchmark skips when what it measures is not running (e.g. no portal with build agents); on a
  // developer's machine that is fine, in CI (the suite starts everything) it is a benchmark that rotted
  const skipped = /"skipped":/.test(result.stdout ?? '');
  if (result.status !== 0 || (skipped && process.env.CI)) {
    failures++;
    const error = result.status !== 0 ? `exit ${result.status ?? result.signal}` : 'skipped in CI, where everything it needs runs';
    console.log(JSON.stringify({ bench: script, error, seconds }));
  } else {
    console.error(`${script}: ran in ${seconds} s`);
  }
}
process.exit(failures ? 1 : 0);
