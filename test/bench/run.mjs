#!/usr/bin/env node
// Runs every benchmark in this folder (every *.mjs but this one), one after the other. Each prints one
// JSON line of figures; this runner passes them through and adds nothing but a failure line when a
// benchmark fails. Figures are printed, never asserted. `npm run bench [-- name-filter]`.
// CELLPORT_BENCH_SHORT=1 runs every benchmark in its short form (a few seconds each; what the test
// suite runs, so a benchmark that no longer runs fails the suite).
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
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: (SHORT ? 5 : 20) * 60_000,
  });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  if (result.status !== 0) {
    failures++;
    console.log(JSON.stringify({ bench: script, error: `exit ${result.status ?? result.signal}`, seconds }));
  } else {
    console.error(`${script}: ran in ${seconds} s`);
  }
}
process.exit(failures ? 1 : 0);
