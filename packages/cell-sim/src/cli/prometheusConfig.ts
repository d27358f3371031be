import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../kubeconfig';
import { detectPodDiscoveryMode } from '../prometheus/detect';
import { cellScrapeConfigs, PodDiscoveryMode, PrometheusCell, renderScrapeConfigs } from '../prometheus/scrapeConfigs';

/** Usage of `cell-sim prometheus-config`. */
export const PROMETHEUS_CONFIG_USAGE = `Usage: cell-sim prometheus-config --cells-json <file> [options]

Prints Prometheus scrape configs (a YAML sequence for scrape_configs:) with one job cell-<name> per
cell of a cells.json ({"cells":[{name, region, url, token | tokenFile, caCert | caFile,
prometheusSdUrl}]}, as cell-sim writes it; real clusters work the same). Each job discovers the
cell's pods through its Kubernetes API and scrapes those labelled cellport.io/app on their
container port named http.

Options:
  --cells-json <file>        the cells (required)
  --discovery <mode>         kubernetes (kubernetes_sd_configs), http (http_sd_configs against each
                             cell's prometheusSdUrl, for Prometheus builds without Kubernetes
                             discovery such as Debian's) or auto (default: asks promtool)
  --secrets-dir <dir>        write tokens and CA certificates there (mode 0600) and reference them
                             as credentials_file / ca_file instead of inlining tokens
  --port-name <name>         container port to scrape (default: http)
  --any-port                 scrape every declared container port instead
  --scrape-interval <d>      scrape interval of the cell jobs (default: 5s)
  --promtool <path>          promtool used by --discovery auto (default: promtool)
  --out <file>               write the YAML there instead of stdout
`;

interface CellsJsonCell {
  name: string;
  region?: string;
  url: string;
  token?: string;
  tokenFile?: string;
  caCert?: string;
  caFile?: string;
  prometheusSdUrl?: string;
}

function parseFlags(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return new Map([['help', true]]);
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (a === '--any-port') flags.set('any-port', true);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`option ${a} needs a value`);
      flags.set(a.slice(2), v);
      i++;
    }
  }
  const known = ['cells-json', 'discovery', 'secrets-dir', 'port-name', 'any-port', 'scrape-interval', 'promtool', 'out'];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  return flags;
}

/** Turns cells.json entries into {@link PrometheusCell}s, writing secrets to files when asked. */
function toPrometheusCells(cells: CellsJsonCell[], secretsDir: string | undefined, discovery: PodDiscoveryMode): PrometheusCell[] {
  return cells.map(c => {
    if (!c?.name || !c.url) throw new Error('every cell needs a name and a url');
    const cell: PrometheusCell = { name: c.name, region: c.region, server: c.url, httpSdUrl: c.prometheusSdUrl };
    if (discovery === 'http') return cell;
    if (c.tokenFile) cell.tokenFile = c.tokenFile;
    else if (c.token && secretsDir) cell.tokenFile = writeSecret(secretsDir, `${c.name}.token`, c.token);
    else cell.token = c.token;
    if (c.caFile) cell.caFile = c.caFile;
    else if (c.caCert) {
      if (!secretsDir) throw new Error(`cell ${c.name} has a CA certificate: give --secrets-dir to write it to a file`);
      cell.caFile = writeSecret(secretsDir, `${c.name}-ca.crt`, c.caCert);
    }
    return cell;
  });
}

function writeSecret(dir: string, name: string, content: string): string {
  const file = path.resolve(dir, name);
  writeFileAtomic(file, content.endsWith('\n') ? content : `${content}\n`, 0o600);
  return file;
}

/** Runs `cell-sim prometheus-config`; returns the exit code. */
export function prometheusConfigCli(argv: string[], out: (s: string) => void = s => process.stdout.write(s)): number {
  let flags;
  try {
    flags = parseFlags(argv);
  } catch (e: any) {
    process.stderr.write(`cell-sim prometheus-config: ${e?.message ?? e}\n\n${PROMETHEUS_CONFIG_USAGE}`);
    return 2;
  }
  if (flags.get('help')) {
    out(PROMETHEUS_CONFIG_USAGE);
    return 0;
  }
  try {
    const file = flags.get('cells-json');
    if (typeof file !== 'string') throw new Error('--cells-json is required');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(doc?.cells)) throw new Error(`${file} has no "cells" array`);
    const wanted = (flags.get('discovery') as string | undefined) ?? 'auto';
    if (!['auto', 'kubernetes', 'http'].includes(wanted)) throw new Error('--discovery must be auto, kubernetes or http');
    const discovery: PodDiscoveryMode = wanted === 'auto' ? detectPodDiscoveryMode((flags.get('promtool') as string | undefined) ?? 'promtool') : (wanted as PodDiscoveryMode);
    const secretsDir = flags.get('secrets-dir') as string | undefined;
    const cells = toPrometheusCells(doc.cells, secretsDir, discovery);
    const yamlText = renderScrapeConfigs(cellScrapeConfigs(cells, {
      discovery,
      portName: flags.get('any-port') ? null : (flags.get('port-name') as string | undefined) ?? 'http',
      scrapeInterval: (flags.get('scrape-interval') as string | undefined) ?? '5s',
    }));
    const header = `# Prometheus jobs of ${cells.length} cell(s), discovery: ${discovery} (generated by cell-sim prometheus-config)\n`;
    const target = flags.get('out');
    if (typeof target === 'string') writeFileAtomic(target, header + yamlText, 0o600);
    else out(header + yamlText);
    return 0;
  } catch (e: any) {
    process.stderr.write(`cell-sim prometheus-config: ${e?.message ?? e}\n`);
    return 1;
  }
}
