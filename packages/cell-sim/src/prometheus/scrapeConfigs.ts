import yaml from 'js-yaml';
import { sanitizeLabelName } from './podTargets';

/**
 * How Prometheus discovers the pods of a cell:
 * - `kubernetes`: its own `kubernetes_sd_configs` (role `pod`) against the cell's API server (any
 *   upstream Prometheus build, real clusters and simulated cells alike);
 * - `http`: `http_sd_configs` against a {@link PodDiscovery} endpoint that lists and watches the
 *   cell's pods through the same Kubernetes API and serves the same `__meta_kubernetes_*` labels.
 *   For Prometheus builds without Kubernetes discovery, such as Debian's package.
 */
export type PodDiscoveryMode = 'kubernetes' | 'http';

/** A cell (Kubernetes cluster) to scrape. */
export interface PrometheusCell {
  /** Cell name: the job is `cell-<name>` and every series gets `cell="<name>"`. */
  name: string;
  /** Region of the cell; when given, every series gets `region="<region>"`. */
  region?: string;
  /** Kubernetes API server URL (`kubernetes` discovery). */
  server: string;
  /** Bearer token for the API (`kubernetes` discovery); prefer {@link PrometheusCell.tokenFile}. */
  token?: string;
  /** File holding the bearer token (`authorization.credentials_file`). */
  tokenFile?: string;
  /** CA bundle of an HTTPS API server (`tls_config.ca_file`). */
  caFile?: string;
  /** Skip TLS verification of the API server (tests only). */
  insecureSkipVerify?: boolean;
  /** `http` discovery: URL of the cell's target list (see {@link PodDiscovery}). */
  httpSdUrl?: string;
}

/** Options of {@link cellScrapeConfigs}. */
export interface CellScrapeConfigOptions {
  /** Discovery mechanism (default `kubernetes`). */
  discovery?: PodDiscoveryMode;
  /** Scrape interval of the cell jobs (default `5s`). */
  scrapeInterval?: string;
  /** Refresh interval of `http` discovery (default `5s`). */
  refreshInterval?: string;
  /** Container port name to scrape (default `http`); `null` scrapes every declared port. */
  portName?: string | null;
  /** Pod label naming the app (default `cellport.io/app`); pods without it are not scraped. */
  appLabel?: string;
  /** Pod label naming the version (default `cellport.io/version`). */
  versionLabel?: string;
  /** Metrics path (default `/metrics`). */
  metricsPath?: string;
}

/** A Prometheus relabel rule (`relabel_configs` entry). */
export interface RelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep';
}

/** A Prometheus scrape config (`scrape_configs` entry) as produced by {@link cellScrapeConfigs}. */
export interface PrometheusScrapeConfig {
  job_name: string;
  scrape_interval: string;
  metrics_path: string;
  kubernetes_sd_configs?: Array<Record<string, unknown>>;
  http_sd_configs?: Array<Record<string, unknown>>;
  relabel_configs: RelabelConfig[];
}

const META = '__meta_kubernetes_';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The relabel rules of a cell job. They only read the `__meta_kubernetes_*` labels of the pod
 * role, so they are the same for `kubernetes` and `http` discovery:
 * keep running pods with the app label and the named container port, scrape `podIP:port`, and
 * label every series with `namespace`, `pod`, `container`, `node`, `app`, `version`, `cell`
 * (and `region`).
 */
export function cellRelabelConfigs(cell: Pick<PrometheusCell, 'name' | 'region'>, options: CellScrapeConfigOptions = {}): RelabelConfig[] {
  const app = sanitizeLabelName(options.appLabel ?? 'cellport.io/app');
  const version = sanitizeLabelName(options.versionLabel ?? 'cellport.io/version');
  const portName = options.portName === undefined ? 'http' : options.portName;
  return [
    { source_labels: [`${META}pod_labelpresent_${app}`], regex: 'true', action: 'keep' },
    portName === null
      ? { source_labels: [`${META}pod_container_port_number`], regex: '.+', action: 'keep' }
      : { source_labels: [`${META}pod_container_port_name`], regex: escapeRegex(portName), action: 'keep' },
    { source_labels: [`${META}pod_phase`], regex: 'Succeeded|Failed', action: 'drop' },
    // podIP:port (IPv6 pod IPs in brackets)
    { source_labels: [`${META}pod_ip`, `${META}pod_container_port_number`], separator: ';', regex: '([^:;]+);([0-9]+)', target_label: '__address__', replacement: '$1:$2' },
    { source_labels: [`${META}pod_ip`, `${META}pod_container_port_number`], separator: ';', regex: '([^;]*:[^;]*);([0-9]+)', target_label: '__address__', replacement: '[$1]:$2' },
    { source_labels: [`${META}namespace`], target_label: 'namespace' },
    { source_labels: [`${META}pod_name`], target_label: 'pod' },
    { source_labels: [`${META}pod_container_name`], target_label: 'container' },
    { source_labels: [`${META}pod_node_name`], target_label: 'node' },
    { source_labels: [`${META}pod_label_${app}`], target_label: 'app' },
    { source_labels: [`${META}pod_label_${version}`], target_label: 'version' },
    { target_label: 'cell', replacement: cell.name },
    ...(cell.region ? [{ target_label: 'region', replacement: cell.region }] : []),
  ];
}

function kubernetesSd(cell: PrometheusCell): Record<string, unknown> {
  if (cell.token && cell.tokenFile) throw new Error(`cell ${cell.name}: give token or tokenFile, not both`);
  const sd: Record<string, unknown> = { role: 'pod', api_server: cell.server };
  if (cell.tokenFile) sd.authorization = { type: 'Bearer', credentials_file: cell.tokenFile };
  else if (cell.token) sd.authorization = { type: 'Bearer', credentials: cell.token };
  if (cell.server.startsWith('https:') && (cell.caFile || cell.insecureSkipVerify)) {
    sd.tls_config = { ...(cell.caFile ? { ca_file: cell.caFile } : {}), ...(cell.insecureSkipVerify ? { insecure_skip_verify: true } : {}) };
  }
  return sd;
}

/**
 * Prometheus scrape configs for a set of cells: one job `cell-<name>` per cell that discovers the
 * cell's pods through its Kubernetes API and scrapes those of Cellport apps (see
 * {@link cellRelabelConfigs}). Valid for real clusters (`kubernetes` discovery) and for simulated
 * cells (either discovery).
 *
 * @example
 * ```ts
 * const jobs = cellScrapeConfigs([{ name: 'eu-1', region: 'eu', server: 'https://10.0.0.1:6443', tokenFile: '/etc/prometheus/eu-1.token', caFile: '/etc/prometheus/eu-1.crt' }]);
 * const yamlText = renderScrapeConfigs(jobs);
 * ```
 */
export function cellScrapeConfigs(cells: PrometheusCell[], options: CellScrapeConfigOptions = {}): PrometheusScrapeConfig[] {
  const discovery = options.discovery ?? 'kubernetes';
  const names = new Set<string>();
  return cells.map(cell => {
    if (names.has(cell.name)) throw new Error(`duplicate cell "${cell.name}"`);
    names.add(cell.name);
    let sd: Pick<PrometheusScrapeConfig, 'kubernetes_sd_configs' | 'http_sd_configs'>;
    if (discovery === 'kubernetes') {
      sd = { kubernetes_sd_configs: [kubernetesSd(cell)] };
    } else {
      if (!cell.httpSdUrl) throw new Error(`cell ${cell.name}: http discovery needs httpSdUrl`);
      sd = { http_sd_configs: [{ url: cell.httpSdUrl, refresh_interval: options.refreshInterval ?? '5s' }] };
    }
    return {
      job_name: `cell-${cell.name}`,
      scrape_interval: options.scrapeInterval ?? '5s',
      metrics_path: options.metricsPath ?? '/metrics',
      ...sd,
      relabel_configs: cellRelabelConfigs(cell, options),
    };
  });
}

/** YAML of scrape configs: a sequence of jobs, to be placed under `scrape_configs:`. */
export function renderScrapeConfigs(configs: PrometheusScrapeConfig[]): string {
  if (!configs.length) return '[]\n';
  return yaml.dump(configs, { lineWidth: -1, noRefs: true, quotingType: "'" });
}
