import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { detectPodDiscoveryMode } from './detect';
import { podTargetGroups } from './podTargets';
import { cellRelabelConfigs, cellScrapeConfigs, RelabelConfig, renderScrapeConfigs } from './scrapeConfigs';

/** Applies relabel rules the way Prometheus does (anchored regexes, `;` separator, $n references). */
function relabel(labels: Record<string, string>, rules: RelabelConfig[]): Record<string, string> | undefined {
  const out = { ...labels };
  for (const r of rules) {
    const value = (r.source_labels ?? []).map(l => out[l] ?? '').join(r.separator ?? ';');
    const re = new RegExp(`^(?:${r.regex ?? '(.*)'})$`);
    const m = value.match(re);
    const action = r.action ?? 'replace';
    if (action === 'keep' && !m) return undefined;
    if (action === 'drop' && m) return undefined;
    if (action === 'replace' && m) {
      const v = (r.replacement ?? '$1').replace(/\$(\d)/g, (_, i) => m[Number(i)] ?? '');
      if (v === '') delete out[r.target_label!];
      else out[r.target_label!] = v;
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([k]) => !k.startsWith('__meta_')));
}

const pod = (labels: Record<string, string>, ports: any[], phase = 'Running') => ({
  metadata: { name: 'p1', namespace: 'shop', labels },
  spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'x', ports }] },
  status: { podIP: '127.30.0.9', phase },
});

const targetsOf = (p: any, options = {}) =>
  podTargetGroups(p)
    .map(g => relabel({ ...g.labels, __address__: g.targets[0] }, cellRelabelConfigs({ name: 'eu-1', region: 'eu' }, options)))
    .filter(Boolean);

describe('cellRelabelConfigs', () => {
  const app = { 'cellport.io/app': 'shop', 'cellport.io/version': 'v2' };

  it('keeps the http port of app pods and labels them', () => {
    const t = targetsOf(pod(app, [{ name: 'http', containerPort: 8080 }, { name: 'grpc', containerPort: 9000 }]));
    expect(t).toEqual([{ __address__: '127.30.0.9:8080', namespace: 'shop', pod: 'p1', container: 'web', node: 'n1', app: 'shop', version: 'v2', cell: 'eu-1', region: 'eu' }]);
  });

  it('drops pods without the app label, without a port named http, and finished pods', () => {
    expect(targetsOf(pod({ app: 'shop' }, [{ name: 'http', containerPort: 8080 }]))).toEqual([]);
    expect(targetsOf(pod(app, [{ name: 'web', containerPort: 8080 }]))).toEqual([]);
    expect(targetsOf(pod(app, []))).toEqual([]);
    expect(targetsOf(pod(app, [{ name: 'http', containerPort: 8080 }], 'Succeeded'))).toEqual([]);
  });

  it('scrapes every declared port with portName null', () => {
    const t = targetsOf(pod(app, [{ name: 'web', containerPort: 8080 }, { containerPort: 9000 }]), { portName: null });
    expect(t.map(x => x!.__address__)).toEqual(['127.30.0.9:8080', '127.30.0.9:9000']);
  });
});

describe('cellScrapeConfigs', () => {
  it('builds a kubernetes_sd job per cell with credentials and TLS', () => {
    const [a, b] = cellScrapeConfigs([
      { name: 'eu-1', server: 'https://10.1.0.1:6443', tokenFile: '/etc/p/eu-1.token', caFile: '/etc/p/eu-1.crt' },
      { name: 'eu-2', server: 'http://127.0.0.1:6552', token: 'secret' },
    ]);
    expect(a).toMatchObject({
      job_name: 'cell-eu-1',
      scrape_interval: '5s',
      metrics_path: '/metrics',
      kubernetes_sd_configs: [{
        role: 'pod',
        api_server: 'https://10.1.0.1:6443',
        authorization: { type: 'Bearer', credentials_file: '/etc/p/eu-1.token' },
        tls_config: { ca_file: '/etc/p/eu-1.crt' },
      }],
    });
    expect(a.relabel_configs).toContainEqual({ target_label: 'cell', replacement: 'eu-1' });
    expect(b.kubernetes_sd_configs).toEqual([{ role: 'pod', api_server: 'http://127.0.0.1:6552', authorization: { type: 'Bearer', credentials: 'secret' } }]);
    expect(b.http_sd_configs).toBeUndefined();
  });

  it('builds http_sd jobs and refuses cells without a discovery URL or duplicates', () => {
    const [job] = cellScrapeConfigs([{ name: 'dev-1', server: 'http://x', httpSdUrl: 'http://127.0.0.1:1/sd/dev-1' }], { discovery: 'http', scrapeInterval: '10s' });
    expect(job.http_sd_configs).toEqual([{ url: 'http://127.0.0.1:1/sd/dev-1', refresh_interval: '5s' }]);
    expect(job.scrape_interval).toBe('10s');
    expect(() => cellScrapeConfigs([{ name: 'a', server: 'http://x' }], { discovery: 'http' })).toThrow(/httpSdUrl/);
    expect(() => cellScrapeConfigs([{ name: 'a', server: 'http://x' }, { name: 'a', server: 'http://y' }])).toThrow(/duplicate/);
  });

  it('renders YAML that the installed promtool accepts', () => {
    const probe = spawnSync('promtool', ['--version']);
    if (probe.error) {
      // eslint-disable-next-line no-console
      console.warn('promtool not installed: YAML not checked by Prometheus');
      return;
    }
    const mode = detectPodDiscoveryMode();
    const jobs = cellScrapeConfigs(
      [{ name: 'dev-1', region: 'dev', server: 'https://127.0.0.1:6443', token: 't', httpSdUrl: 'http://127.0.0.1:6550/_sim/prometheus/sd/dev-1' }],
      { discovery: mode },
    );
    const text = renderScrapeConfigs(jobs);
    expect(yaml.load(text)).toEqual(JSON.parse(JSON.stringify(jobs)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cell-sim-prom-'));
    try {
      const file = path.join(dir, 'prometheus.yml');
      fs.writeFileSync(file, `scrape_configs:\n${text.replace(/^/gm, '  ')}`);
      const r = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
