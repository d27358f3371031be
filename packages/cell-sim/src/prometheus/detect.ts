import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PodDiscoveryMode } from './scrapeConfigs';

/**
 * Whether the installed Prometheus understands `kubernetes_sd_configs`: checks a one-job config
 * with `promtool check config` (promtool ships with the server and is built with the same
 * discovery mechanisms). Debian's package is built without Kubernetes discovery: `http` then.
 * Throws when promtool cannot be run.
 */
export function detectPodDiscoveryMode(promtool = 'promtool'): PodDiscoveryMode {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-promtool-'));
  try {
    const file = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(file, 'scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n        api_server: https://127.0.0.1:6443\n');
    const r = spawnSync(promtool, ['check', 'config', file], { encoding: 'utf8', timeout: 30_000 });
    if (r.error) throw new Error(`cannot run ${promtool}: ${r.error.message}`);
    if (r.status === 0) return 'kubernetes';
    if (/kubernetes_sd_configs not found/.test(`${r.stdout}${r.stderr}`)) return 'http';
    throw new Error(`${promtool} check config failed unexpectedly: ${`${r.stdout}${r.stderr}`.trim()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
