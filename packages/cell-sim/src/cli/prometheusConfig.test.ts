import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { prometheusConfigCli } from './prometheusConfig';

describe('cell-sim prometheus-config', () => {
  let dir: string;
  let cellsJson: string;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cell-sim-promcfg-'));
    cellsJson = path.join(dir, 'cells.json');
    fs.writeFileSync(cellsJson, JSON.stringify({
      cells: [
        { name: 'dev-1', region: 'dev', url: 'http://127.0.0.1:6551', token: 'tok-1', prometheusSdUrl: 'http://127.0.0.1:6550/_sim/prometheus/sd/dev-1' },
        { name: 'dev-2', region: 'dev', url: 'https://127.0.0.1:6552', token: 'tok-2', caCert: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', prometheusSdUrl: 'http://127.0.0.1:6550/_sim/prometheus/sd/dev-2' },
      ],
    }));
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    stderr.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => {
    let out = '';
    const code = prometheusConfigCli(args, s => {
      out += s;
    });
    return { code, out, jobs: code === 0 ? (yaml.load(out) as any[]) : [] };
  };

  it('kubernetes discovery: writes tokens and CA certificates to files (0600) and references them', () => {
    const secrets = path.join(dir, 'secrets');
    const { code, jobs } = run('--cells-json', cellsJson, '--discovery', 'kubernetes', '--secrets-dir', secrets);
    expect(code).toBe(0);
    expect(jobs.map(j => j.job_name)).toEqual(['cell-dev-1', 'cell-dev-2']);
    expect(jobs[1].kubernetes_sd_configs[0]).toEqual({
      role: 'pod',
      api_server: 'https://127.0.0.1:6552',
      authorization: { type: 'Bearer', credentials_file: path.join(secrets, 'dev-2.token') },
      tls_config: { ca_file: path.join(secrets, 'dev-2-ca.crt') },
    });
    expect(fs.readFileSync(path.join(secrets, 'dev-2.token'), 'utf8')).toBe('tok-2\n');
    expect(fs.statSync(path.join(secrets, 'dev-2.token')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(secrets, 'dev-2-ca.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('http discovery: points each job at its cell discovery URL, no credentials', () => {
    const out = path.join(dir, 'jobs.yml');
    expect(run('--cells-json', cellsJson, '--discovery', 'http', '--any-port', '--out', out).code).toBe(0);
    const jobs = yaml.load(fs.readFileSync(out, 'utf8')) as any[];
    expect(jobs[0].http_sd_configs).toEqual([{ url: 'http://127.0.0.1:6550/_sim/prometheus/sd/dev-1', refresh_interval: '5s' }]);
    expect(JSON.stringify(jobs)).not.toContain('tok-1');
    expect(jobs[0].relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: '.+', action: 'keep' });
  });

  it('fails clearly on bad input', () => {
    expect(run('--discovery', 'kubernetes').code).toBe(1);
    expect(run('--cells-json', cellsJson, '--discovery', 'kubernetes').code).toBe(1);
    expect(stderr.mock.calls.join('')).toMatch(/dev-2 has a CA certificate: give --secrets-dir/);
    expect(run('--cells-json', cellsJson, '--bogus', 'x').code).toBe(2);
  });
});
